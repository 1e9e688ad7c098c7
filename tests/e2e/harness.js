// The end-to-end steps, driven inside headless Chromium (see tests/e2e.sh).
// ?token=TOKEN&step=login|menu|lab. Every page is checked for an error box.
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
  // worked by hand (tests/test_menu.c): 1.5 x 488.21 kcal = 732.3; 1.5 x 12.945 g = 19.4 g, 0.58 g short
  check(cell(rows[0], 1) === '732.3', 'energy ' + cell(rows[0], 1));
  check(cell(rows[0], 2) === '19.4', 'protein ' + cell(rows[0], 2));
  check(cell(rows[0], 7) === 'below by 0.58 g', 'protein norm ' + cell(rows[0], 7));
  doc.getElementById('result').scrollIntoView();  // for the screenshot
}

async function labForm() {
  const doc = await open('/lab');
  noError(doc, 'the lab upload form');
  check(doc.querySelector('#lab-form input[type=file]'), 'no file input on the lab form');
}

async function run() {
  await logIn();
  const step = params.get('step');
  if (step === 'menu') await checkMenu();
  if (step === 'lab') await labForm();
  status.textContent = 'E2E-OK ' + step;
}
run().catch(e => { status.textContent = 'E2E-FAIL ' + e.message; });
