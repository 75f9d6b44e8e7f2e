// The editor's entry point, bundled with the `yaml` library into /admin/signpost-format.js
// by scripts/bundle-editor-format. Decap reads the format when it starts, after this runs.
import * as YAML from 'yaml';
import { makeFormat } from './format.js';

window.CMS.registerCustomFormat('signpost', 'md', makeFormat(YAML));
