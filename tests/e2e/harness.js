// The end-to-end steps, driven inside headless Chromium (see tests/e2e.sh).
// ?name=NAME&password=PASSWORD&step=login|menu|lab|labbad|labgood|labpartial|labamend|labsamples|
// labbatches|flags|flagsfilter|users|plans|errorpage[&lang=hi]. Every page is checked for an error box,
// except the answer to a bad upload, which must name the bad row. Every page the path opens is
// checked by axe-core at WCAG 2.1 AA (/static/axe.min.js, copied there by e2e.sh): a violation
// fails the step. With lang=hi the path chooses Hindi with the switch on the login page first,
// and reads the pages' Hindi words.
'use strict';
const params = new URLSearchParams(location.search);
const frame = document.getElementById('app');
const status = document.getElementById('e2e-status');
const hindi = params.get('lang') === 'hi';
// What the pages say, in each language (po/hi.po).
const words = hindi ? {
  refused: /इसकी 2 पंक्तियों में से 1 गलत है, इसलिए इस फ़ाइल का कुछ भी दर्ज नहीं हुआ/,
  tick: /"सही पंक्तियाँ दर्ज करें" चुनें/,
  stored: /2 नए नमूने दर्ज हुए \(2 पंक्तियाँ पढ़ी गईं|2 नमूने पहले से दर्ज, अपरिवर्तित/,
  rejected: /1 पंक्ति अस्वीकृत/,
  corrected: /1 नमूने में संशोधन हुआ|1 नमूना पहले से दर्ज, अपरिवर्तित/,
  below: 'मानक से 0.58 g कम', active: 'सक्रिय', set: 'है',
} : {
  refused: /1 of its 2 rows is wrong, so nothing of this file was stored/,
  tick: /tick "Store the good rows"/,
  stored: /2 new samples stored \(2 rows read|2 samples already stored unchanged/,
  rejected: /1 row rejected/,
  corrected: /1 sample corrected|1 sample already stored unchanged/,
  below: 'below by 0.58 g', active: 'active', set: 'set',
};

// axe-core's findings on every page opened: "path: rule (what) at selector".
const violations = [];
async function accessible(doc) {
  const script = doc.createElement('script');
  script.src = '/static/axe.min.js';
  await new Promise((resolve, reject) => { script.onload = resolve; script.onerror = reject; doc.head.appendChild(script); });
  const result = await frame.contentWindow.axe.run(doc, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  for (const v of result.violations)
    violations.push(doc.location.pathname + ': ' + v.id + ' (' + v.help + ') at ' + v.nodes.map(n => n.target.join(' ')).join(', '));
  const lang = doc.documentElement.lang;
  if (chosen) check(lang === (hindi ? 'hi' : 'en'), doc.location.pathname + ' is in ' + lang);
}

function loaded() {
  return new Promise(resolve => {
    frame.onload = () => { const doc = frame.contentDocument; accessible(doc).then(() => resolve(doc), e => { failure = e; resolve(doc); }); };
  });
}
let failure = null;
let chosen = false;  // the language has been chosen: every page after is in it
function open(url) { const next = loaded(); frame.src = url; return next; }
function submit(form) { const next = loaded(); form.submit(); return next; }
function check(ok, what) { if (!ok) throw new Error(what); }
function noError(doc, where) {
  const e = doc.querySelector('.error');
  check(!e, where + ' shows an error: ' + (e && e.textContent));
}
function cell(row, i) { return row.querySelectorAll('th, td')[i].textContent.trim(); }

async function logIn() {
  let doc = await open('/login');
  noError(doc, 'the login page');
  const other = doc.querySelector('#language a[hreflang="' + (hindi ? 'hi' : 'en') + '"]');
  if (other) {  // the switch: remembered for every page after
    const next = loaded();
    other.click();
    doc = await next;
    check(doc.location.pathname === '/login', 'the switch went to ' + doc.location.pathname);
  }
  chosen = true;
  check(doc.documentElement.lang === (hindi ? 'hi' : 'en'), 'the login page is in ' + doc.documentElement.lang);
  doc.getElementById('name').value = params.get('name');
  doc.getElementById('password').value = params.get('password');
  doc = await submit(doc.getElementById('login-form'));
  check(doc.location.pathname === '/dashboard', 'login ended at ' + doc.location.pathname);
  noError(doc, 'the dashboard');
  return doc;
}

async function checkMenu() {
  let doc = await open('/menu');
  check(doc.location.pathname === '/menu', 'the menu checker is at ' + doc.location.pathname);
  noError(doc, 'the menu checker');
  doc.getElementById('menu').value = await (await fetch('/static/norm-basket.json')).text();
  doc.getElementById('level').value = 'upper_primary';
  doc = await submit(doc.getElementById('menu-form'));
  noError(doc, 'the menu result');
  const rows = doc.querySelectorAll('#result tbody tr');
  check(rows.length === 1, 'expected one day, got ' + rows.length + ' on ' + doc.location.pathname);
  // worked by hand (tests/test_menu.c): 1.5 x 488.21 kcal = 732.3; 1.5 x 12.945 g = 19.4175 g, printed
  // to 2 decimals as protein is everywhere: 19.42 g, 0.58 g short
  check(cell(rows[0], 1) === '732.3', 'energy ' + cell(rows[0], 1));
  check(cell(rows[0], 2) === '19.42', 'protein ' + cell(rows[0], 2));
  check(cell(rows[0], 7) === words.below, 'protein norm ' + cell(rows[0], 7));
  doc.getElementById('result').scrollIntoView();  // for the screenshot
}

async function labForm() {
  const doc = await open('/lab');
  noError(doc, 'the lab upload form');
  check(doc.querySelector('#lab-form input[type=file]'), 'no file input on the lab form');
}

// Uploads /static/NAME through the lab form, as a person choosing that file would;
// fill(doc) may tick boxes and type before the form is sent.
async function upload(name, fill) {
  const doc = await open('/lab');
  noError(doc, 'the lab upload form');
  const text = await (await fetch('/static/' + name)).text();
  const files = new DataTransfer();
  files.items.add(new File([text], name, { type: 'text/csv' }));
  doc.getElementById('file').files = files.files;
  if (fill) fill(doc);
  return submit(doc.getElementById('lab-form'));
}
function text(doc, id) { const e = doc.getElementById(id); return e ? e.textContent.replace(/\s+/g, ' ') : ''; }

// lab-bad.csv: line 3 has a protein of "high"; the page names it and stores nothing.
async function labBad() {
  const doc = await upload('lab-bad.csv');
  const rows = doc.querySelectorAll('#bad-rows tbody tr');
  check(rows.length === 1, 'expected one bad row named, got ' + rows.length);
  check(cell(rows[0], 0) === '3' && cell(rows[0], 1) === 'protein_g', 'bad row ' + rows[0].textContent);
  const said = text(doc, 'ingest-result');
  check(words.refused.test(said), 'said: ' + said);
  check(words.tick.test(said) && !/--/.test(said), 'in the form\'s words: ' + said);
}

async function labGood() {
  const doc = await upload('lab-good.csv');
  noError(doc, 'the answer to a good upload');
  const said = text(doc, 'ingest-result');
  // the second run (for the screenshot) finds them stored: both answers are right
  check(words.stored.test(said), 'stored: ' + said);
}

// lab-partial.csv: E-003 is good, E-004's UDISE code has 10 digits. With "Store the good rows"
// ticked, E-003 is stored and E-004 comes back as a CSV to correct.
async function labPartial() {
  const doc = await upload('lab-partial.csv', d => { d.getElementById('partial').checked = true; });
  const said = text(doc, 'ingest-result');
  check(words.rejected.test(said), 'partial: ' + said);
  const link = doc.getElementById('rejects');
  check(link, 'no link to the rejected rows');
  const csv = await (await fetch(link.getAttribute('href'))).text();
  check(/E-004/.test(csv) && !/E-003/.test(csv), 'rejected rows: ' + csv);
}

// lab-amend.csv: E-001 re-weighed (540 kcal): a correction with a reason, then its history.
async function labAmend() {
  let doc = await upload('lab-amend.csv', d => {
    d.getElementById('amend').checked = true;
    d.getElementById('reason').value = 'lab re-weighed the serving';
  });
  noError(doc, 'the answer to a correction');
  const said = text(doc, 'ingest-result');
  check(words.corrected.test(said), 'corrected: ' + said);
  doc = await open('/lab/history?sample=E-001');
  noError(doc, 'the history of E-001');
  const rows = doc.querySelectorAll('#history tbody tr');
  check(rows.length === 2, 'expected 2 revisions, got ' + rows.length);
  check(cell(rows[0], 7) === '520.5' && cell(rows[1], 7) === '540.0', 'energies ' + cell(rows[0], 7) + ', ' + cell(rows[1], 7));
  check(cell(rows[1], 4) === 'lab re-weighed the serving', 'why ' + cell(rows[1], 4));
}

// The stored samples, searched by school: GMS Kharora is E-002's.
async function labSamples() {
  let doc = await open('/lab/samples');
  noError(doc, 'the stored samples');
  check(doc.querySelectorAll('#samples tbody tr').length === 3, 'expected E-001, E-002 and E-003');
  doc.getElementById('q').value = 'gms';
  doc = await submit(doc.getElementById('sample-search'));
  noError(doc, 'the search');
  const rows = doc.querySelectorAll('#samples tbody tr');
  check(rows.length === 1 && cell(rows[0], 0) === 'E-002', 'found ' + (rows[0] && rows[0].textContent));
}

async function labBatches() {
  const doc = await open('/lab/batches');
  noError(doc, 'the batches');
  const rows = [...doc.querySelectorAll('#batches tbody tr')];
  check(rows.length >= 3, 'expected the good, partial and correcting uploads, got ' + rows.length);
  check(rows.every(r => cell(r, 3) === 'mitra'), 'sent by ' + rows.map(r => cell(r, 3)));
  check(rows.some(r => r.querySelector('a[href^="/lab/rejects/"]')), 'no rejected rows to download');
}

// E-002: E. coli present and 650 kcal under the upper primary norm of 700: flagged first.
async function flags() {
  const doc = await open('/flags');
  noError(doc, 'the flags page');
  const rows = doc.querySelectorAll('#flags tbody tr');
  check(rows.length >= 1 && cell(rows[0], 0) === 'E-002', 'first flag ' + (rows[0] && rows[0].textContent));
  // numbers, dates and codes each on one line (only names and findings wrap), and at 1280 px
  // the whole table fits the page: nothing to scroll sideways
  for (const i of [0, 3, 4, 5, 6, 7]) check(lines(rows[0].querySelectorAll('td')[i]) === 1, 'column ' + i + ' wraps');
  const table = doc.getElementById('flags');
  if (frame.clientWidth >= 1280)
    check(table.parentElement.scrollWidth <= table.parentElement.clientWidth, 'the flags table is wider than the page');
  else
    doc.getElementById('flag-filters').scrollIntoView();  // on a phone: the filters and the table, for the screenshot
}

// How many lines the text of element takes.
function lines(element) {
  const range = element.ownerDocument.createRange();
  range.selectNodeContents(element);
  return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
}

// The filters: Raipur, upper primary, November 2018: E-002 only; the next-page and CSV links keep them.
async function flagsFilter() {
  let doc = await open('/flags');
  doc.getElementById('district').value = 'Raipur';
  doc.getElementById('level').value = 'upper_primary';
  doc.getElementById('from').value = '2018-11-01';
  doc.getElementById('to').value = '2018-11-30';
  doc = await submit(doc.getElementById('flag-filters'));
  noError(doc, 'the filtered flags');
  const rows = doc.querySelectorAll('#flags tbody tr');
  check(rows.length === 1 && cell(rows[0], 0) === 'E-002', 'filtered ' + rows.length);
  check(doc.getElementById('district').value === 'Raipur', 'the filter is not kept in the form');
  const csv = doc.querySelector('a[href^="/api/lab/flags?format=csv"]').getAttribute('href');
  check(/district=Raipur/.test(csv) && /level=upper_primary/.test(csv), 'CSV link ' + csv);
}

// The admin issues asha a new token: shown once, on the answer.
async function users() {
  let doc = await open('/users');
  noError(doc, 'the users page');
  const asha = [...doc.querySelectorAll('#users tbody tr')].find(r => cell(r, 0) === 'asha');
  check(asha && cell(asha, 3) === words.active && cell(asha, 4) === words.set, 'asha ' + (asha && asha.textContent));
  doc = await submit(asha.querySelector('form[action="/users/token"]'));
  noError(doc, 'the new token');
  check(/^psh_[0-9a-f]{16}_[0-9a-f]{64}$/.test(text(doc, 'token')), 'token ' + text(doc, 'token'));
}

// The egg plan from the list: Kunkuri's Rs 45,45,310 = 45.45 lakh (REFERENCE.md section 5).
async function plans() {
  let doc = await open('/plans');
  noError(doc, 'the plans page');
  const link = doc.querySelector('#plans a[href="/plans/egg"]');
  check(link, 'no link to the egg plan');
  doc = await open('/plans/egg');
  noError(doc, 'the egg plan');
  const kunkuri = [...doc.querySelectorAll('#as-written .areas tbody tr')].find(r => cell(r, 0).includes('Kunkuri'));
  check(kunkuri && cell(kunkuri, 5) === '45.45', 'Kunkuri ' + (kunkuri && kunkuri.textContent));
}

// The error page (an unknown address), for axe and the language.
async function errorPage() {
  const doc = await open('/no-such-page');
  check(doc.querySelector('.error'), 'no error said on the error page');
}

async function run() {
  await logIn();
  const step = params.get('step');
  if (step === 'menu') await checkMenu();
  if (step === 'lab') await labForm();
  if (step === 'labbad') await labBad();
  if (step === 'labgood') await labGood();
  if (step === 'labpartial') await labPartial();
  if (step === 'labamend') await labAmend();
  if (step === 'labsamples') await labSamples();
  if (step === 'labbatches') await labBatches();
  if (step === 'flagsfilter') await flagsFilter();
  if (step === 'users') await users();
  if (step === 'flags') await flags();
  if (step === 'plans') await plans();
  if (step === 'errorpage') await errorPage();
  if (failure) throw failure;
  check(violations.length === 0, 'axe-core WCAG 2.1 AA: ' + violations.join('; '));
  status.textContent = 'E2E-OK ' + step;
}
run().catch(e => { status.textContent = 'E2E-FAIL ' + e.message; });
