// The form editor's file format (editor/format.js): saving a listing rewrites only the
// fields that changed, so a volunteer's pull request shows just their change. Runs the
// format's own code with the same yaml library the editor's bundle is made with.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import * as YAML from 'yaml';
import { makeFormat, ORIGINAL } from '../../editor/format.js';
import { REPO, SITE_DIR } from './serve.js';

const format = makeFormat(YAML);
const CONTENT = path.join(REPO, 'content');
// The services form's field order, as Decap gives it to the format from the built
// /admin/config.yml.
const ORDER = YAML.parse(readFileSync(path.join(SITE_DIR, 'admin/config.yml'), 'utf8'))
  .collections.find((c) => c.name === 'services')
  .fields.map((f) => f.name);

function listing(rel) {
  return readFileSync(path.join(CONTENT, rel), 'utf8');
}

/** Reads a file as the editor does, lets `edit` change the form's values, saves it. */
function save(text, edit) {
  const data = structuredClone(format.fromFile(text));
  edit(data);
  return format.toFile(data, ORDER);
}

/** The lines that differ between two texts, as [removed, added]. */
function changedLines(a, b) {
  const x = a.split('\n');
  const y = b.split('\n');
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) start++;
  let end = 0;
  while (end < x.length - start && end < y.length - start && x[x.length - 1 - end] === y[y.length - 1 - end]) end++;
  return [x.slice(start, x.length - end), y.slice(start, y.length - end)];
}

test('every sample listing is saved back byte for byte when nothing changed', () => {
  let files = 0;
  for (const kind of readdirSync(CONTENT, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const name of readdirSync(path.join(CONTENT, kind.name)).filter((n) => n.endsWith('.md'))) {
      const text = listing(`${kind.name}/${name}`);
      assert.equal(save(text, () => {}), text, `${kind.name}/${name}`);
      files++;
    }
  }
  assert.ok(files > 250, `only ${files} listings`);
});

test('changing one field rewrites only its line, in the quoting the file used', () => {
  const text = listing('services/adhd-parent-workshops-online.md');
  const out = save(text, (d) => {
    d.summary = 'Online workshops every month for parents of children with ADHD.';
  });
  assert.deepEqual(changedLines(text, out), [
    ['summary: Monthly online workshops for parents and carers of children who have ADHD or may have ADHD.'],
    ['summary: Online workshops every month for parents of children with ADHD.'],
  ]);
  // A time inside a session list keeps its quotes; the rest of the session stays.
  const later = save(text, (d) => {
    d.schedule[0].starts = '18:45';
  });
  assert.deepEqual(changedLines(text, later), [['    starts: "18:30"'], ['    starts: "18:45"']]);
});

test('a form that gives numbers, unticked boxes and empty fields changes nothing', () => {
  const text = listing('services/adhd-parent-workshops-online.md');
  const out = save(text, (d) => {
    d.ages = { from: 5, to: 18 }; // the file says 5 and 18; a text box gives "5"
    d.ages.from = '5';
    d.where.home_visits = false;
    d.where.venues = [];
    d.languages = [];
    d.cost = 'free';
    d.owner_email = '';
  });
  assert.equal(out, text);
});

test('a new field goes in the form order as the docs write it; a cleared one leaves no trace', () => {
  const text = listing('services/adhd-parent-workshops-online.md');
  const added = save(text, (d) => {
    d.languages = ['pl', 'ur'];
  });
  const [removed, inserted] = changedLines(text, added);
  assert.deepEqual(removed, []);
  assert.deepEqual(inserted, ['languages: [pl, ur]']);
  // The form puts languages after contact: the file gets it right after its contact.
  assert.ok(ORDER.indexOf('languages') > ORDER.indexOf('contact'));
  const lines = added.split('\n');
  const at = lines.indexOf('languages: [pl, ur]');
  assert.equal(lines[at - 1], '  website: https://marlbrookhealth.example/camhs/adhd-workshops');
  assert.equal(lines[at + 1], 'reviewed: 2026-05-06');

  const cleared = save(text, (d) => {
    delete d.contact;
  });
  assert.deepEqual(changedLines(text, cleared), [
    ['contact:', '  website: https://marlbrookhealth.example/camhs/adhd-workshops'],
    [],
  ]);
});

test('comments, blank lines and Windows line endings survive an edit', () => {
  const text = [
    '---',
    '# Checked with the provider by phone, November.',
    'name: Northfield Toy Library',
    'summary: Borrow toys for a month at a time.   # short on purpose',
    '',
    'needs: [play-and-activities]   # more to come',
    'reviewed: 2026-11-02',
    '---',
    'Toys, puzzles and books for children up to 5.',
    '',
  ].join('\r\n');
  const out = save(text, (d) => {
    d.reviewed = '2026-12-01';
  });
  assert.deepEqual(changedLines(text, out), [['reviewed: 2026-11-02\r'], ['reviewed: 2026-12-01\r']]);
  const summary = save(text, (d) => {
    d.summary = 'Borrow toys for four weeks at a time.';
  });
  assert.match(summary, /summary: Borrow toys for four weeks at a time\. {3}# short on purpose\r\n/);
  assert.match(summary, /^# Checked with the provider by phone, November\.\r$/m);
});

test('the description is kept as written unless it changed', () => {
  const text = listing('services/adhd-parent-workshops-online.md');
  const data = format.fromFile(text);
  assert.ok(data.body.startsWith('Each workshop covers'));
  assert.equal(typeof data[ORIGINAL], 'string');
  const out = save(text, (d) => {
    d.body = `${d.body.trimEnd()}\n\nYou can watch recordings afterwards.\n`;
  });
  const [removed, added] = changedLines(text, out);
  assert.deepEqual(removed, []);
  assert.ok(added.includes('You can watch recordings afterwards.'), added);
});

test('a new listing is written in the form order with nothing empty', () => {
  const out = format.toFile(
    {
      summary: 'Stories and songs for babies.',
      name: 'Rhymetime',
      needs: ['baby-and-toddler-groups'],
      languages: [],
      where: { venues: ['northfield-library'], online: false, covers: '' },
      owner_email: '',
      body: 'Every Monday.\n',
    },
    ORDER,
  );
  assert.equal(
    out,
    '---\nname: Rhymetime\nsummary: Stories and songs for babies.\nneeds: [baby-and-toddler-groups]\nwhere:\n  venues: [northfield-library]\n---\nEvery Monday.\n',
  );
  // And it reads back as what was written.
  assert.equal(format.fromFile(out).name, 'Rhymetime');
});
