// A large site's search index comes in parts (search-index/N.js): the
// search box loads them all, served and from files, and finds a page
// whichever part it is in. The repository's own site is small enough for
// one file, so this adds 1,100 short pages to a copy of it.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { binary, copySite, launchBrowser, serve, themes, watchPage } from "./helpers.mjs";

const EXTRA_PAGES = 1100;

function addPages(dir) {
  const folder = path.join(dir, "content", "extra");
  fs.mkdirSync(folder, { recursive: true });
  for (let i = 0; i < EXTRA_PAGES; i++) {
    fs.writeFileSync(path.join(folder, `p${i}.md`),
      `+++\ntitle = "Extra page ${i}"\ndescription = "A short page."\n+++\n\nIts own word is tok${i}x.\n`);
  }
}

async function searchFor(page, text) {
  const input = page.getByRole("searchbox", { name: "Search this guide" });
  await input.fill(text);
  await input.press("Enter");
  await page.locator("[data-search-results] a").first().waitFor({ timeout: 20000 });
  return page.locator("[data-search-results] li a");
}

for (const theme of themes()) {
  describe(`theme ${theme}: a large site's search`, () => {
    let browser;
    let dir;
    before(async () => {
      browser = await launchBrowser();
      dir = copySite(theme, "search-parts");
      addPages(dir);
      for (const [folder, extra] of [["public", []], ["offline", ["--offline"]]])
        execFileSync(binary, ["build", "--output", path.join(dir, folder), ...extra], { cwd: dir, stdio: "pipe" });
    });
    after(async () => {
      await browser?.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    test("the index is in parts, and each page is found in whichever part it is", async () => {
      const parts = Number(/window\.healthsiteSearchPartCount = (\d+);/.exec(fs.readFileSync(path.join(dir, "public", "search-index.js"), "utf8"))?.[1]);
      assert.ok(parts > 1, "the index of this site is split");
      const server = await serve(path.join(dir, "public"));
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        const problems = watchPage(page, server.origin);
        const loadedParts = new Set();
        page.on("request", (request) => {
          const part = /\/search-index\/(\d+)\.js$/.exec(request.url());
          if (part) loadedParts.add(Number(part[1]));
        });
        await page.goto(server.url("causes/index.html"));
        // Pages spread over the parts: a few far apart are in different ones.
        for (const n of [0, 377, 731, 1099]) {
          const links = await searchFor(page, `tok${n}x`);
          assert.equal(await links.count(), 1);
          assert.equal((await links.first().textContent()).trim(), `Extra page ${n}`);
          assert.equal(await links.first().getAttribute("href"), `../extra/p${n}/`);
        }
        assert.equal(loadedParts.size, parts, "every part was loaded, once the reader searched");
        await (await searchFor(page, "tok731x")).first().click();
        await page.waitForURL(/\/extra\/p731\/$/);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
        await server.close();
      }
    });

    test("the parts load from files too, in the offline build", async () => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        const problems = watchPage(page, "file://");
        await page.goto(pathToFileURL(path.join(dir, "offline", "index.html")).href);
        const links = await searchFor(page, "tok913x");
        assert.equal((await links.first().textContent()).trim(), "Extra page 913");
        assert.equal(await links.first().getAttribute("href"), "extra/p913/index.html");
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  });
}
