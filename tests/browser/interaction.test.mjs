// What a person does with the pages, in a real browser, for every theme:
// the keyboard (skip link, visible focus, the FAQ), the search box (with and
// without JavaScript, online and from files), print and colour schemes.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { buildSite, launchBrowser, removeBuilt, serve, themes, watchPage } from "./helpers.mjs";

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); removeBuilt(); });

async function searchFor(page, text) {
  const input = page.getByRole("searchbox", { name: "Search this guide" });
  await input.fill(text);
  await input.press("Enter");
  await page.locator("[data-search-results] a").first().waitFor();
  return page.locator("[data-search-results] li a");
}

for (const theme of themes()) {
  describe(`theme ${theme}`, () => {
    let site;
    let server;
    let context;
    let page;
    let problems;
    before(async () => {
      site = buildSite(theme);
      server = await serve(site.output);
      context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      page = await context.newPage();
      problems = watchPage(page, server.origin);
    });
    after(async () => {
      await context?.close();
      await server?.close();
    });

    test("Tab from the top reaches the skip link first, and it moves focus to the main content", async () => {
      await page.goto(server.url("causes/circulation/index.html"));
      await page.keyboard.press("Tab");
      const first = await page.evaluate(() => ({ text: document.activeElement.textContent.trim(), href: document.activeElement.getAttribute("href") }));
      assert.deepEqual(first, { text: "Skip to main content", href: "#main" });
      const box = await page.locator(".skip-link").boundingBox();
      assert.ok(box && box.y >= 0 && box.x >= 0 && box.width > 0, "the focused skip link is on screen");
      await page.keyboard.press("Enter");
      assert.equal(await page.evaluate(() => document.activeElement.id || document.activeElement.closest("main")?.id), "main");
      // The next Tab goes to the first link inside main, not back to the header.
      await page.keyboard.press("Tab");
      assert.ok(await page.evaluate(() => !!document.activeElement.closest("main")), "focus continues inside main");
    });

    test("every focusable control shows where the focus is", async () => {
      await page.goto(server.url("faq/index.html"));
      const seen = new Set();
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press("Tab");
        const focus = await page.evaluate(() => {
          const el = document.activeElement;
          if (!el || el === document.body) return null;
          const style = getComputedStyle(el);
          const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
          const shadow = style.boxShadow && style.boxShadow !== "none";
          return { tag: el.tagName.toLowerCase(), className: el.className, visible: el.matches(":focus-visible") && (outline || shadow) };
        });
        if (!focus) continue;
        seen.add(focus.tag);
        assert.ok(focus.visible, `no visible focus on <${focus.tag} class="${focus.className}">`);
      }
      for (const tag of ["a", "input", "button", "summary"]) assert.ok(seen.has(tag), `Tab never reached a <${tag}>`);
    });

    test("the FAQ opens with the keyboard: each question is a summary, and Enter or Space shows its answer", async () => {
      await page.goto(server.url("faq/index.html"));
      const questions = page.locator("details.faq-item > summary");
      assert.ok(await questions.count() >= 6);
      for (const [index, key] of [[0, "Enter"], [1, " "]]) {
        const summary = questions.nth(index);
        const answer = page.locator("details.faq-item").nth(index).locator(".faq-answer");
        assert.equal(await answer.isVisible(), false);
        await summary.focus();
        await page.keyboard.press(key);
        assert.equal(await answer.isVisible(), true, `${JSON.stringify(key)} did not open question ${index + 1}`);
        assert.equal(await page.locator("details.faq-item").nth(index).getAttribute("open"), "");
      }
    });

    test("searching for 'burning feet' finds peripheral neuropathy and lands on its heading", async () => {
      await page.goto(server.url("causes/circulation/index.html"));
      const links = await searchFor(page, "burning feet");
      const titles = await links.allTextContents();
      assert.ok(titles.slice(0, 3).includes("Peripheral neuropathy"), `first results: ${titles.join(", ")}`);
      const status = await page.locator("[data-search-status]").textContent();
      assert.match(status, /^\d+ results? for “burning feet”$/);
      assert.equal(await page.locator("[data-search-status]").getAttribute("role"), "status");
      await links.filter({ hasText: "Peripheral neuropathy" }).first().click();
      await page.waitForURL(/causes\/nerve-compression\/#peripheral-neuropathy$/);
      const heading = page.locator("#peripheral-neuropathy");
      assert.match(await heading.evaluate((el) => el.tagName), /^H[2-4]$/);
      const box = await heading.boundingBox();
      assert.ok(box && box.y >= 0 && box.y < 900, "the heading is on screen");
    });

    test("search results link correctly from every depth of the site", async () => {
      for (const file of ["index.html", "faq/index.html", "causes/nerve-compression/index.html", "404.html"]) {
        await page.goto(server.url(file));
        const links = await searchFor(page, "sciatica");
        const href = await links.first().evaluate((a) => a.href);
        assert.match(href, new RegExp(`^${server.origin}/leg-pain/causes/`), `from ${file}: ${href}`);
      }
    });

    test("a page loads the search index only when someone goes to search", async () => {
      const p = await context.newPage();
      const requested = [];
      p.on("request", (request) => requested.push(request.url()));
      await p.goto(server.url("causes/circulation/index.html"), { waitUntil: "load" });
      await p.waitForTimeout(300);
      assert.ok(requested.some((url) => url.endsWith("/js/search.js")), "the search script is loaded");
      assert.ok(!requested.some((url) => url.endsWith("/search-index.js")), "the index waits");
      const index = p.waitForRequest((request) => request.url() === `${server.origin}/leg-pain/search-index.js`);
      await p.getByRole("searchbox", { name: "Search this guide" }).focus();
      await index;
      const links = await searchFor(p, "sciatica");
      assert.ok((await links.count()) > 0);
      await p.close();
    });

    test("search matches words with or without their accents", async () => {
      await page.goto(server.url("index.html"));
      const links = await searchFor(page, "sci\u00e1tica");
      const href = await links.first().evaluate((a) => a.href);
      assert.match(href, new RegExp(`^${server.origin}/leg-pain/causes/`), href);
    });

    test("without JavaScript the search form opens the causes and symptoms A to Z", async () => {
      const plain = await browser.newContext({ javaScriptEnabled: false });
      const p = await plain.newPage();
      await p.goto(server.url("causes/circulation/index.html"));
      await p.getByRole("searchbox", { name: "Search this guide" }).fill("burning feet");
      await p.getByRole("button", { name: "Search" }).click();
      await p.waitForURL(/\/cause-index\/\?q=burning\+feet$/);
      assert.ok(await p.locator("h1").textContent());
      await plain.close();
    });

    test("the offline build searches and links from file://", async () => {
      const offline = buildSite(theme, { offline: true });
      const files = await browser.newContext();
      const p = await files.newPage();
      const errors = [];
      p.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
      await p.goto(pathToFileURL(path.join(offline.output, "causes/circulation/index.html")).href);
      assert.notEqual(await p.evaluate(() => getComputedStyle(document.body).fontFamily), "", "the stylesheet loaded");
      const links = await searchFor(p, "burning feet");
      const link = links.filter({ hasText: "Peripheral neuropathy" }).first();
      assert.match(await link.getAttribute("href"), /^\.\.\/\.\.\/causes\/nerve-compression\/index\.html#peripheral-neuropathy$/);
      await link.click();
      await p.waitForURL(/nerve-compression\/index\.html#peripheral-neuropathy$/);
      assert.deepEqual(errors, []);
      await files.close();
    });

    test("the urgent-help page gathers the urgent warnings of every other page, each linked to its page", async () => {
      await page.goto(server.url("urgent-help/index.html"));
      const items = page.locator(".gathered-item");
      assert.ok(await items.count() >= 7, `${await items.count()} warnings gathered`);
      for (const item of await items.all()) {
        assert.equal(await item.locator(".callout-urgent .callout-title").textContent(), "Get urgent help");
        const source = item.locator(".gathered-source a");
        assert.equal(await source.count(), 1);
        const response = await page.request.get(await source.evaluate((a) => a.href));
        assert.equal(response.status(), 200);
      }
      // The label and a border make the box stand out, not its colour alone.
      const border = await page.locator(".callout-urgent").first().evaluate((el) => parseFloat(getComputedStyle(el).borderTopWidth));
      assert.ok(border >= 3, `the urgent box's border is ${border}px`);
    });

    test("printing hides the menu and the search box and shows every FAQ answer", async () => {
      await page.goto(server.url("faq/index.html"));
      await page.emulateMedia({ media: "print" });
      assert.equal(await page.locator(".site-search").isVisible(), false);
      assert.equal(await page.locator(".site-nav").isVisible(), false);
      const hidden = await page.locator(".faq-answer").evaluateAll((answers) => answers.filter((a) => a.getBoundingClientRect().height === 0).length);
      assert.equal(hidden, 0, "closed FAQ answers print");
      await page.emulateMedia({ media: "screen" });
    });

    test("light and dark colour schemes give different colours", async () => {
      await page.goto(server.url("index.html"));
      const colours = {};
      for (const colorScheme of ["light", "dark"]) {
        await page.emulateMedia({ colorScheme });
        colours[colorScheme] = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      }
      assert.notEqual(colours.light, colours.dark);
    });

    test("nothing asked another host for anything, and no script failed", () => {
      assert.deepEqual(problems, []);
    });
  });
}
