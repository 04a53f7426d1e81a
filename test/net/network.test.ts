import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, it } from "node:test";
import { createNetwork, directNetwork, type Network } from "../../src/net/network.js";
import { proxyOf } from "../helpers/config.js";
import { type FakeModelServer, startFakeModelServer } from "../helpers/fake-model-servers.js";
import { startHttpProxy, startSocksProxy, type TestProxy } from "../helpers/proxies.js";

const networkFor = async (env: NodeJS.ProcessEnv): Promise<Network> => {
  return createNetwork(proxyOf(env));
};

/** POSTs a tiny embedding request with `fetch`, returns the HTTP status. */
async function viaFetch(network: Network, base: string): Promise<number> {
  const response = await network.fetch(`${base}/api/embed`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "m", input: ["x"] }) });
  await response.text();
  return response.status;
}

/** The same request with node:http and the network's agent (how grammY's node-fetch sends). */
function viaAgent(network: Network, base: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const agent = network.agentFor(base);
    const request = http.request(`${base}/api/embed`, { method: "POST", headers: { "content-type": "application/json" }, ...(agent ? { agent } : {}) }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    request.on("error", reject);
    request.end(JSON.stringify({ model: "m", input: ["x"] }));
  });
}

describe("network through a proxy", () => {
  let server: FakeModelServer;
  let httpProxy: TestProxy;
  let socksProxy: TestProxy;
  before(async () => {
    server = await startFakeModelServer();
    httpProxy = await startHttpProxy({ auth: { user: "alice", password: "p@ss:w/rd" } });
    socksProxy = await startSocksProxy({ auth: { user: "bob", password: "s3cret" } });
  });
  after(async () => {
    await Promise.all([server.close(), httpProxy.close(), socksProxy.close()]);
  });

  it("sends fetch through an HTTP proxy as a CONNECT tunnel, with the Basic credentials from the URL", async () => {
    const network = await networkFor({ CITEBOT_PROXY: httpProxy.urlWith("alice", "p@ss:w/rd") });
    try {
      httpProxy.hits.length = 0;
      server.requests.length = 0;
      assert.equal(await viaFetch(network, server.url), 200);
      assert.deepEqual(httpProxy.hits, [{ kind: "connect", target: server.url.replace("http://", ""), credentials: "alice:p@ss:w/rd" }]);
      assert.equal(server.requests.length, 1);
      assert.equal(server.requests[0]!.headers["proxy-authorization"], undefined, "credentials are for the proxy only");
    } finally {
      await network.close();
    }
  });

  it("sends node:http requests through an HTTP proxy as absolute-URI requests, with the credentials", async () => {
    const network = await networkFor({ CITEBOT_PROXY: httpProxy.urlWith("alice", "p@ss:w/rd") });
    try {
      httpProxy.hits.length = 0;
      assert.equal(await viaAgent(network, server.url), 200);
      assert.deepEqual(httpProxy.hits, [{ kind: "forward", target: `${server.url}/api/embed`, credentials: "alice:p@ss:w/rd" }]);
    } finally {
      await network.close();
    }
  });

  it("lets a socks5h proxy resolve the target's name, for fetch and for node:http", async () => {
    const network = await networkFor({ CITEBOT_PROXY: socksProxy.urlWith("bob", "s3cret", "socks5h") });
    const byName = server.url.replace("127.0.0.1", "localhost");
    try {
      socksProxy.hits.length = 0;
      assert.equal(await viaFetch(network, byName), 200);
      assert.equal(await viaAgent(network, byName), 200);
      assert.deepEqual(
        socksProxy.hits.map((h) => [h.addressType, h.target.split(":")[0], h.credentials]),
        [["domain", "localhost", "bob:s3cret"], ["domain", "localhost", "bob:s3cret"]],
      );
    } finally {
      await network.close();
    }
  });

  it("resolves the target's name itself for a socks5 proxy and hands it an address", async () => {
    const network = await networkFor({ CITEBOT_PROXY: socksProxy.urlWith("bob", "s3cret") });
    const byName = server.url.replace("127.0.0.1", "localhost");
    try {
      socksProxy.hits.length = 0;
      assert.equal(await viaFetch(network, byName), 200);
      assert.equal(await viaAgent(network, byName), 200);
      assert.equal(socksProxy.hits.length, 2);
      for (const hit of socksProxy.hits) assert.notEqual(hit.addressType, "domain", JSON.stringify(hit));
    } finally {
      await network.close();
    }
  });

  it("with the standard variables, sends what NO_PROXY names direct and the rest through the proxy", async () => {
    const port = new URL(server.url).port;
    const network = await networkFor({ HTTP_PROXY: httpProxy.urlWith("alice", "p@ss:w/rd"), NO_PROXY: `localhost:${port}` });
    try {
      httpProxy.hits.length = 0;
      assert.equal(await viaFetch(network, server.url.replace("127.0.0.1", "localhost")), 200, "NO_PROXY: direct");
      assert.equal(await viaAgent(network, server.url.replace("127.0.0.1", "localhost")), 200, "NO_PROXY: direct");
      assert.equal(httpProxy.hits.length, 0);
      assert.equal(await viaFetch(network, server.url), 200);
      assert.equal(await viaAgent(network, server.url), 200);
      assert.deepEqual(httpProxy.hits.map((h) => h.kind), ["connect", "forward"]);
      assert.equal(network.proxyLabel(server.url), `http://***@127.0.0.1:${httpProxy.port}`);
      assert.equal(network.proxyLabel(server.url.replace("127.0.0.1", "localhost")), undefined);
    } finally {
      await network.close();
    }
  });

  it("is refused by the proxy with a wrong password", async () => {
    const network = await networkFor({ CITEBOT_PROXY: socksProxy.urlWith("bob", "wrong") });
    try {
      socksProxy.hits.length = 0;
      await assert.rejects(viaFetch(network, server.url), /fetch failed/);
      await assert.rejects(viaAgent(network, server.url), /Authentication failed/);
      assert.equal(socksProxy.hits.length, 2);
      assert.ok(socksProxy.hits.every((h) => h.refused === "auth"));
    } finally {
      await network.close();
    }
  });

  it("goes direct, with no proxy library loaded, when nothing is configured", async () => {
    const network = await createNetwork(proxyOf({}));
    assert.equal(network, directNetwork);
    assert.equal(network.agentFor(server.url), undefined);
    assert.equal(await viaFetch(network, server.url), 200);
  });
});
