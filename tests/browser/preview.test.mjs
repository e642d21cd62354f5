// `healthsite serve` in a real browser, for every theme: an open page
// reloads when a build changes it and stays as it is when a build changes
// only other pages; a failed build shows its error on every open page over
// the last good version until the fix reloads the page it changed and takes
// the error off the others; a change to the theme's style sheet reloads
// every page; a page not found reloads once it is made.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { binary, copySite, launchBrowser, themes, watchPage } from "./helpers.mjs";

const WAIT = 20000;  // for a rebuild to reach an open page

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// A running preview of dir; its terminal output is kept for failures.
async function startPreview(dir) {
  const port = await freePort();
  const child = spawn(binary, ["serve", "--source", dir, "--port", String(port)], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (data) => { log += data; });
  child.stderr.on("data", (data) => { log += data; });
  const origin = `http://localhost:${port}`;
  const end = Date.now() + WAIT;
  for (;;) {
    try {
      if ((await fetch(origin + "/")).ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > end || child.exitCode !== null) throw new Error(`the preview did not start:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    origin,
    log: () => log,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.on("exit", resolve);
      child.kill("SIGTERM");
    }),
  };
}

// An open tab that counts its own loads and carries a mark that a reload
// would wipe.
async function openTab(context, url, origin) {
  const page = await context.newPage();
  const tab = { page, loads: 0, problems: watchPage(page, origin) };
  page.on("load", () => { tab.loads++; });
  await page.goto(url);
  await page.evaluate(() => { window.healthsiteTestMark = true; });
  return tab;
}

const marked = (tab) => tab.page.evaluate(() => window.healthsiteTestMark === true);

// Resolves once the news of a build after the tab's own generation reaches
// the tab's origin: by then the tab's own listener has heard it too.
async function newsAfterTab(tab) {
  return tab.page.evaluate(() => new Promise((resolve) => {
    const since = document.querySelector("script[data-healthsite-generation]").getAttribute("data-healthsite-generation");
    const source = new EventSource("/__healthsite/events?since=" + since);
    source.addEventListener("build", (event) => {
      const news = JSON.parse(event.data);
      if (news.generation > Number(since)) { source.close(); resolve(news); }
    });
  }));
}

function edit(dir, file, change) {
  const full = path.join(dir, file);
  fs.writeFileSync(full, change(fs.readFileSync(full, "utf8")));
}

for (const theme of themes()) {
  describe(`theme ${theme}: the preview`, () => {
    let browser;
    let dir;
    let preview;
    let context;
    before(async () => {
      browser = await launchBrowser();
      dir = copySite(theme, "preview");
      preview = await startPreview(dir);
      context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    });
    after(async () => {
      await context?.close();
      await browser?.close();
      await preview?.stop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    test("an edit reloads its page and leaves the others; an error shows on every page until it is fixed", async () => {
      const edited = await openTab(context, preview.origin + "/causes/circulation/", preview.origin);
      const other = await openTab(context, preview.origin + "/faq/", preview.origin);
      const source = "content/causes/circulation.md";
      const good = fs.readFileSync(path.join(dir, source), "utf8");

      edit(dir, source, (text) => text + "\nA sentence added in the preview.\n");
      await edited.page.getByText("A sentence added in the preview.").waitFor({ timeout: WAIT });
      assert.equal(await marked(edited), false, "the edited page reloaded");
      const news = await newsAfterTab(other);
      assert.ok(news.pages.includes("causes/circulation/index.html"), JSON.stringify(news));
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(await marked(other), true, "a page the edit did not change kept its place");
      assert.equal(other.loads, 1);

      edit(dir, source, (text) => text.replace(/^title = .*$/m, 'title = "Circulation problems'));
      for (const tab of [edited, other]) {
        const alert = tab.page.getByRole("alert");
        await alert.waitFor({ timeout: WAIT });
        const message = await alert.textContent();
        assert.match(message, /The site did not build/);
        assert.match(message, /content\/causes\/circulation\.md:2:\d+: error: /);
      }
      assert.equal(await edited.page.getByText("A sentence added in the preview.").count(), 1, "the last good page is still shown");

      fs.writeFileSync(path.join(dir, source), good + "\nThe fixed version.\n");
      await edited.page.getByText("The fixed version.").waitFor({ timeout: WAIT });
      await other.page.waitForFunction(() => !document.querySelector("[role=alert]"), null, { timeout: WAIT });
      assert.equal(await edited.page.getByRole("alert").count(), 0);
      assert.equal(await marked(other), true, "the fix took the error away without reloading a page it did not change");
      assert.deepEqual([...edited.problems, ...other.problems], []);
      await edited.page.close();
      await other.page.close();
    });

    test("a change to the theme's style sheet reloads every open page", async () => {
      const tabs = [
        await openTab(context, preview.origin + "/", preview.origin),
        await openTab(context, preview.origin + "/self-care/", preview.origin),
      ];
      const sheets = fs.readdirSync(path.join(dir, "themes", theme, "static", "css")).filter((f) => f.endsWith(".css"));
      assert.ok(sheets.length > 0, "the theme has a style sheet");
      edit(dir, path.join("themes", theme, "static", "css", sheets[0]), (text) => text + "\n/* changed in the preview */\n");
      for (const tab of tabs) {
        await tab.page.waitForFunction(() => window.healthsiteTestMark !== true, null, { timeout: WAIT });
        await tab.page.waitForLoadState("load");
        assert.deepEqual(tab.problems, []);
        await tab.page.close();
      }
    });

    test("a page not found reloads once its page is made", async () => {
      const tab = await openTab(context, preview.origin + "/new-page/", preview.origin);
      assert.match(await tab.page.title(), /not found/i);
      fs.writeFileSync(path.join(dir, "content", "new-page.md"),
        '+++\ntitle = "A page made during the preview"\ndescription = "A new page."\n+++\n\nIt exists now.\n');
      await tab.page.getByText("It exists now.").waitFor({ timeout: WAIT });
      assert.equal(await tab.page.getByRole("heading", { level: 1 }).textContent(), "A page made during the preview");
      await tab.page.close();
    });
  });
}
