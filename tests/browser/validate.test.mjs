// Every page of the built site, for every theme, is valid HTML by
// html-validate's recommended rules (configured in .htmlvalidate.json here).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FileSystemConfigLoader, HtmlValidate } from "html-validate";
import { buildSite, themes } from "./helpers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const config = JSON.parse(fs.readFileSync(path.join(here, ".htmlvalidate.json"), "utf8"));

for (const theme of themes()) {
  describe(`theme ${theme}`, () => {
    for (const offline of [false, true]) {
      test(`every page is valid HTML${offline ? " (offline build)" : ""}`, async () => {
        const site = buildSite(theme, { offline });
        assert.ok(site.pages.length >= 15, `only ${site.pages.length} pages were built`);
        const validator = new HtmlValidate(new FileSystemConfigLoader(config));
        const errors = [];
        for (const file of site.pages) {
          const report = await validator.validateString(fs.readFileSync(path.join(site.output, file), "utf8"), file);
          for (const result of report.results)
            for (const m of result.messages) errors.push(`${file}:${m.line}:${m.column}: ${m.ruleId}: ${m.message}`);
        }
        assert.equal(errors.length, 0, errors.join("\n"));
      });
    }
  });
}
