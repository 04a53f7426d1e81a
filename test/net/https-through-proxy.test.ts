/**
 * The production path: HTTPS targets (api.telegram.org, api.openai.com) through
 * an http://, https:// or socks5h:// proxy. The targets are the fakes behind a
 * TLS front with the self-signed "localhost" certificate in test/fixtures/tls;
 * the client runs in a child process started with NODE_EXTRA_CA_CERTS, the only
 * way to make Node 20 trust a certificate for every TLS connection it makes.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { type FakeModelServer, startFakeModelServer } from "../helpers/fake-model-servers.js";
import { FakeTelegram } from "../helpers/fake-telegram.js";
import { startHttpProxy, startSocksProxy, startTlsFront, TEST_TLS_DIR, type TestProxy } from "../helpers/proxies.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const dist = (file: string) => new URL(`../../src/${file}`, import.meta.url).href;

/** Runs in the child: a grammY getMe and a provider-style fetch, both to HTTPS targets through CITEBOT_PROXY. */
const CHILD = `
import { Api } from "grammy";
import { createNetwork } from ${JSON.stringify(dist("net/network.js"))};
import { parseConfig } from ${JSON.stringify(dist("config/config.js"))};
import { telegramClient } from ${JSON.stringify(dist("telegram/proxy.js"))};
const { token, apiRoot, modelsUrl } = JSON.parse(process.env.TEST_TARGETS);
const network = await createNetwork(parseConfig({}, process.env).proxy);
const me = await new Api(token, telegramClient(network, apiRoot).client).getMe();
const response = await network.fetch(modelsUrl + "/v1/embeddings", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "m", input: ["x"] }) });
const embeddings = await response.json();
await network.close();
console.log(JSON.stringify({ username: me.username, status: response.status, vectors: embeddings.data.length }));
`;

function runChild(env: NodeJS.ProcessEnv): Promise<{ username: string; status: number; vectors: number }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["--input-type=module", "-e", CHILD], { cwd: REPO, env: { PATH: process.env.PATH, ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`child failed: ${error.message}\n${stderr}`));
      resolve(JSON.parse(stdout.trim().split("\n").pop()!));
    });
  });
}

describe("HTTPS targets through a proxy (Bot API and providers)", () => {
  const tls = { key: readFileSync(new URL("localhost.key", TEST_TLS_DIR)), cert: readFileSync(new URL("localhost.crt", TEST_TLS_DIR)) };
  const caFile = fileURLToPath(new URL("localhost.crt", TEST_TLS_DIR));
  let fake: FakeTelegram;
  let models: FakeModelServer;
  let fronts: { url: string; close(): Promise<void> }[];
  let targets: string;
  let httpProxy: TestProxy;
  let httpsProxy: TestProxy;
  let socksProxy: TestProxy;

  before(async () => {
    fake = await FakeTelegram.start();
    models = await startFakeModelServer();
    fronts = [await startTlsFront(fake.apiRoot, tls), await startTlsFront(models.url, tls)];
    targets = JSON.stringify({ token: fake.token, apiRoot: fronts[0]!.url, modelsUrl: fronts[1]!.url });
    const auth = { user: "ops", password: "tls-Pr0xy" };
    httpProxy = await startHttpProxy({ auth });
    httpsProxy = await startHttpProxy({ auth, tls });
    socksProxy = await startSocksProxy({ auth });
  });
  after(async () => {
    await Promise.all([fake.close(), models.close(), ...fronts.map((f) => f.close()), httpProxy.close(), httpsProxy.close(), socksProxy.close()]);
  });

  const hostOf = (url: string) => url.replace("https://", "");

  for (const [name, proxy, scheme] of [
    ["an http:// proxy (CONNECT)", () => httpProxy, undefined],
    ["an https:// proxy (TLS to the proxy, then CONNECT)", () => httpsProxy, undefined],
    ["a socks5h:// proxy", () => socksProxy, "socks5h"],
  ] as const) {
    it(`reaches HTTPS targets through ${name}, checking their certificates by name`, async () => {
      const p = proxy();
      p.hits.length = 0;
      const result = await runChild({ CITEBOT_PROXY: p.urlWith("ops", "tls-Pr0xy", scheme), NODE_EXTRA_CA_CERTS: caFile, TEST_TARGETS: targets });
      assert.deepEqual(result, { username: fake.botInfo.username, status: 200, vectors: 1 });
      const expected = [hostOf(fronts[0]!.url), hostOf(fronts[1]!.url)];
      assert.deepEqual(p.hits.map((h) => h.target), expected);
      for (const hit of p.hits) {
        assert.equal(hit.credentials, "ops:tls-Pr0xy");
        if (hit.kind === "socks") assert.equal(hit.addressType, "domain");
        else assert.equal(hit.kind, "connect");
      }
    });
  }
});
