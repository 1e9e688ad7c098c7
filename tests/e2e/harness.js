// The end-to-end steps, driven inside headless Chromium (see tests/e2e.sh).
// ?token=TOKEN&step=login|menu|lab|labbad|labgood|flags|plans. Every page is checked for an
// error box, except the answer to a bad upload, which must name the bad row.
'use strict';
const params = new URLSearchParams(location.search);
const frame = document.getElementById('app');
const status = document.getElementById('e2e-status');

function loaded() { return new Promise(resolve => { frame.onload = () => resolve(frame.contentDocument); }); }
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
  doc.getElementById('token').value = params.get('token');
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
  check(cell(rows[0], 7) === 'below by 0.58 g', 'protein norm ' + cell(rows[0], 7));
  doc.getElementById('result').scrollIntoView();  // for the screenshot
}

async function labForm() {
  const doc = await open('/lab');
  noError(doc, 'the lab upload form');
  check(doc.querySelector('#lab-form input[type=file]'), 'no file input on the lab form');
}

// Uploads /static/NAME through the lab form, as a person choosing that file would.
async function upload(name) {
  const doc = await open('/lab');
  noError(doc, 'the lab upload form');
  const text = await (await fetch('/static/' + name)).text();
  const files = new DataTransfer();
  files.items.add(new File([text], name, { type: 'text/csv' }));
  doc.getElementById('file').files = files.files;
  return submit(doc.getElementById('lab-form'));
}

// lab-bad.csv: line 3 has a protein of "high"; the page names it and stores nothing.
async function labBad() {
  const doc = await upload('lab-bad.csv');
  const rows = doc.querySelectorAll('#bad-rows tbody tr');
  check(rows.length === 1, 'expected one bad row named, got ' + rows.length);
  check(cell(rows[0], 0) === '3' && cell(rows[0], 1) === 'protein_g', 'bad row ' + rows[0].textContent);
  check(/Nothing was stored/.test(doc.getElementById('ingest-result').textContent), 'no "nothing stored"');
}

async function labGood() {
  const doc = await upload('lab-good.csv');
  noError(doc, 'the answer to a good upload');
  check(/2 rows read, 2 stored/.test(doc.getElementById('ingest-result').textContent),
        'stored: ' + doc.getElementById('ingest-result').textContent);
}

// E-002: E. coli present and 650 kcal under the upper primary norm of 700: flagged first.
async function flags() {
  const doc = await open('/flags');
  noError(doc, 'the flags page');
  const rows = doc.querySelectorAll('#flags tbody tr');
  check(rows.length >= 1 && cell(rows[0], 0) === 'E-002', 'first flag ' + (rows[0] && rows[0].textContent));
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

async function run() {
  await logIn();
  const step = params.get('step');
  if (step === 'menu') await checkMenu();
  if (step === 'lab') await labForm();
  if (step === 'labbad') await labBad();
  if (step === 'labgood') await labGood();
  if (step === 'flags') await flags();
  if (step === 'plans') await plans();
  status.textContent = 'E2E-OK ' + step;
}
run().catch(e => { status.textContent = 'E2E-FAIL ' + e.message; });
