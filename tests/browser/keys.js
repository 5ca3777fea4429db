// Moves a trust slider of report.html by keyboard in headless Chromium and
// prints what the page then shows, as JSON on stdout. Talks the DevTools
// protocol over --remote-debugging-pipe (file descriptors 3 and 4), so it
// needs nothing but Node and the browser.
//   node keys.js CHROMIUM URL SLIDER_ID KEY PRESSES USER_DATA_DIR
"use strict";
const { spawn } = require("child_process");
const [browser, url, slider, key, presses, profile] = process.argv.slice(2);
const codes = { ArrowLeft: 37, ArrowUp: 38, ArrowRight: 39, ArrowDown: 40 };
const chrome = spawn(browser, [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--user-data-dir=" + profile, "--remote-debugging-pipe", "about:blank",
], { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] });
const timer = setTimeout(() => fail("timed out"), 60000);
function fail(msg) {
  process.stderr.write("keys.js: " + msg + "\n");
  chrome.kill("SIGKILL");
  process.exit(1);
}
let next = 1, buffer = "";
const waiting = new Map();
chrome.stdio[4].on("data", (chunk) => {
  buffer += chunk.toString("utf8");
  let end;
  while ((end = buffer.indexOf("\0")) >= 0) {
    const msg = JSON.parse(buffer.slice(0, end));
    buffer = buffer.slice(end + 1);
    if (msg.id && waiting.has(msg.id)) {
      const { resolve, reject } = waiting.get(msg.id);
      waiting.delete(msg.id);
      msg.error ? reject(new Error(JSON.stringify(msg.error))) : resolve(msg.result);
    }
  }
});
function send(method, params, sessionId) {
  const id = next++;
  chrome.stdio[3].write(JSON.stringify({ id, method, params: params || {}, sessionId }) + "\0");
  return new Promise((resolve, reject) => waiting.set(id, { resolve, reject }));
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
(async () => {
  const { targetId } = await send("Target.createTarget", { url });
  const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
  const evaluate = async (expression) =>
    (await send("Runtime.evaluate", { expression, returnByValue: true }, sessionId)).result.value;
  // the new tab is about:blank (and "complete") until the page commits
  const loaded = `location.protocol === "file:" && document.readyState === "complete" &&
    document.getElementById(${JSON.stringify(slider)}) !== null`;
  for (let i = 0; !(await evaluate(loaded)); i++) {
    if (i > 600) fail("the page did not load");
    await sleep(50);
  }
  await evaluate(`document.getElementById(${JSON.stringify(slider)}).focus()`);
  const focused = await evaluate("document.activeElement.id");
  for (let i = 0; i < Number(presses); i++) {
    for (const type of ["keyDown", "keyUp"]) {
      await send("Input.dispatchKeyEvent", { type, key, code: key, windowsVirtualKeyCode: codes[key] }, sessionId);
    }
  }
  await sleep(500);
  // the summary download: catch the file the button makes
  await evaluate(`window.__csv = null;
    const make = URL.createObjectURL;
    URL.createObjectURL = (blob) => { blob.text().then((t) => { window.__csv = t; }); return make(blob); };
    document.getElementById("download-summary").click();`);
  for (let i = 0; (await evaluate("window.__csv === null")); i++) {
    if (i > 100) fail("no summary.csv download");
    await sleep(50);
  }
  const page = await evaluate(`JSON.stringify({
    focused: ${JSON.stringify(focused)},
    value: document.getElementById(${JSON.stringify(slider)}).value,
    number: document.getElementById(${JSON.stringify(slider)}.replace(/^w-/, "n-")).value,
    hash: location.hash,
    errors: document.getElementById("errors").textContent,
    weights: document.getElementById("weights-csv").value,
    csv: window.__csv,
    rows: Array.from(document.querySelectorAll("table.summary tbody tr"),
      (tr) => Array.from(tr.cells, (c) => c.textContent)),
  })`);
  process.stdout.write(page + "\n");
  clearTimeout(timer);
  await send("Browser.close").catch(() => {});
  chrome.kill("SIGKILL");
  process.exit(0);
})().catch((e) => fail(e.stack || String(e)));
