// Every page of the built site, in a real browser, for every theme: no axe
// violations of WCAG 2.2 A and AA (and axe's best practices) in the light or
// the dark colour scheme, and no request to any other host. Also takes the
// screenshots a person looks at (tests/browser/screenshots/).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import { buildSite, launchBrowser, removeBuilt, screenshotDir, serve, themes, watchPage } from "./helpers.mjs";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
const SCHEMES = ["light", "dark"];
const SHOTS = {
  home: "index.html",
  cause: "causes/circulation/index.html",
  faq: "faq/index.html",
  "cause-index": "cause-index/index.html",
  "urgent-help": "urgent-help/index.html",
};
const WIDTHS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } };

function describeViolations(violations) {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n` +
    v.nodes.slice(0, 5).map((n) => `    ${n.target.join(" ")}: ${n.failureSummary.replace(/\n/g, " ")}`).join("\n")).join("\n");
}

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); removeBuilt(); });

for (const theme of themes()) {
  describe(`theme ${theme}`, () => {
    let site;
    let server;
    before(async () => {
      site = buildSite(theme);
      server = await serve(site.output);
    });
    after(async () => { await server?.close(); });

    test("every page has no accessibility violations, light and dark, and asks no other host for anything", async () => {
      assert.ok(site.pages.length >= 15, `only ${site.pages.length} pages were built`);
      const context = await browser.newContext();
      const page = await context.newPage();
      const failures = [];
      let checked = 0;
      for (const file of site.pages) {
        const problems = watchPage(page, server.origin);
        await page.goto(server.url(file), { waitUntil: "load" });
        for (const colorScheme of SCHEMES) {
          await page.emulateMedia({ colorScheme });
          const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
          if (results.violations.length) failures.push(`${file} (${colorScheme}):\n${describeViolations(results.violations)}`);
          checked++;
        }
        if (problems.length) failures.push(`${file}:\n  ${problems.join("\n  ")}`);
        page.removeAllListeners("request");
        page.removeAllListeners("console");
        page.removeAllListeners("pageerror");
      }
      await context.close();
      console.log(`# ${theme}: ${site.pages.length} pages checked by axe in ${checked / site.pages.length} colour schemes`);
      assert.equal(failures.length, 0, failures.join("\n"));
    });

    test("screenshots at phone and desktop widths", async () => {
      fs.mkdirSync(screenshotDir, { recursive: true });
      for (const [size, viewport] of Object.entries(WIDTHS)) {
        for (const colorScheme of SCHEMES) {
          const context = await browser.newContext({ viewport, colorScheme });
          const page = await context.newPage();
          for (const [name, file] of Object.entries(SHOTS)) {
            assert.ok(site.pages.includes(file), `no ${file}`);
            await page.goto(server.url(file), { waitUntil: "load" });
            const shot = path.join(screenshotDir, `${theme}-${name}-${size}-${colorScheme}.png`);
            await page.screenshot({ path: shot });
            if (name === "urgent-help") {
              // The warnings gathered from every page, further down.
              await page.locator("#gathered-title").scrollIntoViewIfNeeded();
              await page.evaluate(() => document.getElementById("gathered-title").scrollIntoView());
              await page.screenshot({ path: shot.replace(".png", "-gathered.png") });
            }
            // No part of the page may be wider than the screen.
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
            assert.ok(overflow <= 0, `${file} at ${size} is ${overflow}px wider than the screen`);
          }
          await context.close();
        }
      }
    });
  });
}
