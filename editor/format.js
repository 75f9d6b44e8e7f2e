// The form editor's file format (Decap CMS custom format "signpost"): markdown with YAML
// front matter, like Decap's own "frontmatter", except that saving an existing listing
// rewrites only the fields that changed. Everything else (comments, quoting, flow lists
// such as `needs: [a, b]`, blank lines, key order) stays byte for byte, so a volunteer's
// pull request shows only what they changed and a reviewer can trust the diff.
//
// It takes the YAML library as an argument so the same code runs in the editor (bundled
// with `yaml` by scripts/vendor-decap-cms) and in the Node tests.

/** Where the file as it was read travels with the entry's data. Decap keeps keys that no
 *  field claims, and no field can be named this (field names are lowercase and `_`). */
export const ORIGINAL = '__signpost_original';

const DELIMITER = /^---[ \t]*\r?$/;

/** Splits a file into its front matter (without the `---` lines) and its body. */
export function split(text) {
  const lines = text.split('\n');
  if (!DELIMITER.test(lines[0].replace(/^\uFEFF/, ''))) return null;
  let offset = lines[0].length + 1;
  for (let i = 1; i < lines.length; i++) {
    if (DELIMITER.test(lines[i])) {
      const start = lines[0].length + 1;
      return {
        head: text.slice(0, start),
        fm: text.slice(start, offset),
        close: lines[i] + (i < lines.length - 1 ? '\n' : ''),
        body: lines.slice(i + 1).join('\n'),
      };
    }
    offset += lines[i].length + 1;
  }
  return null;
}

/** A value with what the format treats as "not given" taken out: empty text, empty lists
 *  and objects, null, and `false` (every yes/no field in signpost defaults to no; a test in
 *  tests/admin_config.rs keeps that true). Returns undefined when nothing is left. */
export function prune(value) {
  if (value === null || value === undefined || value === '' || value === false) return undefined;
  if (Array.isArray(value)) {
    const items = value.map(prune).filter((v) => v !== undefined);
    return items.length ? items : undefined;
  }
  if (typeof value === 'object') {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      const p = prune(v);
      if (p !== undefined) out[k] = p;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return value;
}

/** Whether two values read the same to signpost: numbers and their text (a form's number
 *  field gives `3`, the file may say `"3"`), and objects whatever their key order. */
export function same(a, b) {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return String(a) === String(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => same(a[k], b[k]));
}

/** The start of the line `offset` is on, and the end of that line (after its newline). */
function lineStart(text, offset) {
  return text.lastIndexOf('\n', offset - 1) + 1;
}
function lineEnd(text, offset) {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

export function makeFormat(YAML) {
  /** `key: value` as YAML; `flow` writes a list of words as `[a, b]`. */
  function pairText(key, value, flow) {
    const doc = new YAML.Document({ [key]: value });
    if (flow) {
      YAML.visit(doc, {
        Seq(_, node) {
          if (node.items.every((i) => YAML.isScalar(i))) node.flow = true;
        },
      });
    }
    return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  }

  function parse(fm) {
    const doc = YAML.parseDocument(fm);
    if (doc.errors.length) throw new Error(`YAML parsing error:\n${doc.errors.map((e) => e.message).join('\n')}`);
    return doc;
  }

  function fromFile(text) {
    const parts = split(text);
    if (!parts) return { body: text, [ORIGINAL]: text };
    const data = parse(parts.fm).toJS() ?? {};
    return { ...data, body: parts.body.replace(/^\r?\n/, ''), [ORIGINAL]: text };
  }

  /** The front matter of a new file: the fields in the form's order, lists of words in
   *  brackets as the docs write them. */
  function freshFields(data, order) {
    const keys = Object.keys(data).filter((k) => k !== 'body');
    const rank = (k) => (order.includes(k) ? order.indexOf(k) : order.length);
    keys.sort((a, b) => rank(a) - rank(b));
    return keys
      .map((k) => [k, prune(data[k])])
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => pairText(k, v, true))
      .join('');
  }

  function fresh(data, order) {
    return `---\n${freshFields(data, order)}---\n${data.body ?? ''}`;
  }

  const keyOf = (pair) => String(pair.key?.value ?? pair.key);
  const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

  /** The end of a pair's text: past the newline after its value. */
  function pairEnd(text, pair) {
    const last = pair.value?.range ? pair.value.range[1] : pair.key.range[1];
    return last > 0 && text[last - 1] === '\n' ? last : lineEnd(text, last);
  }

  /** `key: value` starting at column `col`: later lines indented to match. */
  function indented(key, value, wasFlow, col) {
    const pad = ' '.repeat(col);
    return pairText(key, value, wasFlow)
      .replace(/\n(?=.)/g, `\n${pad}`);
  }

  /** A one-line scalar in the old one's quoting, or null when it needs more than a line. */
  function scalarText(old, value) {
    if (!YAML.isScalar(old) || isObject(value) || Array.isArray(value)) return null;
    const doc = new YAML.Document(value);
    if (typeof value === 'string' && typeof old.value === 'string' && old.type) doc.contents.type = old.type;
    const text = doc.toString({ lineWidth: 0 }).replace(/\n$/, '');
    return text.includes('\n') ? null : text;
  }

  /** Collects the edits that turn map `node` (read as `was`) into `now`, touching only what
   *  changed. Returns false when it cannot do so cleanly, so the caller rewrites the whole. */
  function editMap(text, node, was, now, order, edits) {
    const rank = (k) => (order.includes(k) ? order.indexOf(k) : order.length);
    for (const pair of node.items) {
      const key = keyOf(pair);
      const before = prune(was?.[key]);
      const after = prune(now?.[key]);
      if (same(before, after)) continue;
      const keyAt = pair.key.range[0];
      const from = lineStart(text, keyAt);
      const atLineStart = /^[ \t]*$/.test(text.slice(from, keyAt));
      const col = keyAt - from;
      if (after === undefined) {
        if (!atLineStart) return false; // the first key of a list item: rewrite the item
        edits.push([from, pairEnd(text, pair), '']);
        continue;
      }
      const value = pair.value;
      const scalar = value?.range ? scalarText(value, after) : null;
      if (scalar !== null) {
        edits.push([value.range[0], value.range[1], scalar]);
        continue;
      }
      const nested = [];
      let done = false;
      if (YAML.isMap(value) && !value.flow && isObject(after)) {
        done = editMap(text, value, was[key], now[key], [], nested);
      } else if (
        YAML.isSeq(value) && !value.flow && Array.isArray(after) && Array.isArray(before) &&
        value.items.length === after.length && value.items.every((i) => YAML.isMap(i) && !i.flow) &&
        after.every(isObject)
      ) {
        done = value.items.every((item, i) => editMap(text, item, was[key][i], now[key][i], [], nested));
      }
      if (done) edits.push(...nested);
      else edits.push([keyAt, pairEnd(text, pair), indented(key, after, value?.flow, col)]);
    }
    // Fields the file did not have: after the nearest field before them in the form's
    // order (nested: at the end of their group), at the group's indentation.
    const present = node.items.map(keyOf);
    const added = Object.keys(now ?? {}).filter(
      (k) => k !== 'body' && k !== ORIGINAL && !present.includes(k) && prune(now[k]) !== undefined,
    );
    added.sort((a, b) => rank(a) - rank(b));
    const first = node.items[0];
    const col = first ? first.key.range[0] - lineStart(text, first.key.range[0]) : 0;
    for (const key of added) {
      const earlier = node.items.filter((p) => rank(keyOf(p)) <= rank(key));
      let at;
      if (earlier.length) at = pairEnd(text, earlier[earlier.length - 1]);
      else if (first && order.length) at = lineStart(text, first.key.range[0]);
      else if (first) at = pairEnd(text, node.items[node.items.length - 1]);
      else return false;
      const pad = at === lineStart(text, at) ? ' '.repeat(col) : '';
      edits.push([at, at, pad + indented(key, prune(now[key]), true, col)]);
    }
    return true;
  }

  /** An existing file with only the changed fields rewritten. */
  function patch(original, data, order) {
    const parts = split(original);
    if (!parts) return fresh(data, order);
    const fm = parts.fm;
    const eol = fm.includes('\r\n') ? '\r\n' : '\n';
    const doc = parse(fm);
    let out;
    const edits = [];
    if (YAML.isMap(doc.contents) && !doc.contents.flow && editMap(fm, doc.contents, doc.toJS(), data, order, edits)) {
      out = fm;
      // From the end, so earlier offsets stay true; edits at one place keep their order.
      edits
        .map((e, i) => [...e, i])
        .sort((a, b) => b[0] - a[0] || b[3] - a[3])
        .forEach(([from, to, text]) => {
          out = out.slice(0, from) + (eol === '\n' ? text : text.replace(/\n/g, eol)) + out.slice(to);
        });
      if (out && !out.endsWith('\n')) out += eol;
    } else {
      out = freshFields(data, order);
    }
    const oldBody = parts.body.replace(/^\r?\n/, '');
    const newBody = data.body ?? '';
    const body = newBody.trimEnd() === oldBody.trimEnd() ? parts.body : newBody;
    return parts.head + out + parts.close + body;
  }

  function toFile(data, order = []) {
    const { [ORIGINAL]: original, ...fields } = data;
    return typeof original === 'string' ? patch(original, fields, order) : fresh(fields, order);
  }

  return { fromFile, toFile };
}
