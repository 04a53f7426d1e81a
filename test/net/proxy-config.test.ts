import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkConfig, parseConfig } from "../../src/config/config.js";
import { proxySecrets } from "../../src/config/proxy.js";
import { bypasses, DIRECT, maskCredentials, proxyForUrl, redactProxyUrl } from "../../src/net/proxy-config.js";
import { configProblems, proxyOf } from "../helpers/config.js";

/** The proxy a request to `url` goes through, configured by `env`. */
const routeOf = (env: NodeJS.ProcessEnv, url: string) => proxyForUrl(proxyOf(env), url);

describe("proxy configuration", () => {
  it("goes direct when no proxy variable is set", () => {
    assert.deepEqual(configProblems({}), []);
    const config = proxyOf({});
    assert.deepEqual(config, DIRECT);
    assert.equal(proxyForUrl(config, "https://api.telegram.org/bot1:x/getMe"), undefined);
  });

  it("accepts http, https, socks5 and socks5h proxies for CITEBOT_PROXY, with or without credentials", () => {
    for (const url of ["http://127.0.0.1:7890", "https://proxy.example.com:8443", "socks5://127.0.0.1:1080", "socks5h://user:p%40ss@127.0.0.1:1080", "http://user@[::1]:3128"]) {
      assert.deepEqual(configProblems({ CITEBOT_PROXY: url }), [], url);
      assert.equal(proxyOf({ CITEBOT_PROXY: url }).url, url);
    }
    assert.equal(proxyOf({ CITEBOT_PROXY: " http://127.0.0.1:7890/ " }).url, "http://127.0.0.1:7890", "a trailing slash and spaces are dropped");
  });

  it("sends every request through CITEBOT_PROXY, loopback and NO_PROXY hosts included, and ignores the standard variables", () => {
    const env = { CITEBOT_PROXY: "socks5h://127.0.0.1:1080", HTTPS_PROXY: "http://other:3128", NO_PROXY: "127.0.0.1,localhost,*" };
    for (const url of ["https://api.telegram.org/bot1:x/getMe", "http://127.0.0.1:8081/bot1:x/getMe", "http://localhost:11434/api/chat", "https://api.openai.com/v1/embeddings"]) {
      assert.equal(routeOf(env, url), "socks5h://127.0.0.1:1080", url);
    }
  });

  it("reports a bad CITEBOT_PROXY by name, with the accepted forms, and never shows the password", () => {
    for (const bad of ["127.0.0.1:7890", "ftp://127.0.0.1:21", "socks4://127.0.0.1:1080", "http://u:hunter2-secret@127.0.0.1:7890/path", "http://", "http://:hunter2-secret@127.0.0.1:1"]) {
      const { config, problems } = checkConfig({}, { CITEBOT_PROXY: bad });
      assert.equal(problems.length, 1, bad);
      assert.match(problems[0]!, /^CITEBOT_PROXY /);
      assert.match(problems[0]!, /http:\/\/, https:\/\/, socks5:\/\/ or socks5h:\/\//);
      assert.ok(!problems[0]!.includes("hunter2"), problems[0]);
      assert.equal(config, undefined, "no request quietly goes direct");
    }
  });

  it("without CITEBOT_PROXY, picks HTTPS_PROXY for https URLs, HTTP_PROXY for http URLs, and ALL_PROXY for what is left", () => {
    const env = { HTTPS_PROXY: "http://secure:1", HTTP_PROXY: "http://plain:2", ALL_PROXY: "socks5h://all:3" };
    assert.equal(routeOf(env, "https://api.telegram.org/x"), "http://secure:1");
    assert.equal(routeOf(env, "http://127.0.0.1:11434/api/chat"), "http://plain:2");
    assert.equal(routeOf({ ALL_PROXY: "socks5h://all:3" }, "https://api.telegram.org/x"), "socks5h://all:3");
    assert.equal(routeOf({ HTTP_PROXY: "http://plain:2" }, "https://api.telegram.org/x"), undefined, "an http-only proxy does not take https URLs");
  });

  it("prefers the lower-case spelling of a standard variable, and reads a bare host:port as an HTTP proxy", () => {
    assert.equal(routeOf({ https_proxy: "http://lower:1", HTTPS_PROXY: "http://upper:2" }, "https://a.example/"), "http://lower:1");
    assert.equal(routeOf({ HTTPS_PROXY: "127.0.0.1:7890" }, "https://a.example/"), "http://127.0.0.1:7890");
    assert.equal(routeOf({ all_proxy: "socks5://127.0.0.1:1080" }, "http://a.example/"), "socks5://127.0.0.1:1080");
  });

  it("lets NO_PROXY exempt hosts from the standard variables", () => {
    const env = { HTTPS_PROXY: "http://p:1", HTTP_PROXY: "http://p:1", NO_PROXY: "localhost, 127.0.0.1 .internal.example,example.org:8443 10.0.0.0/8 [::1]" };
    const direct = ["http://localhost:11434/", "http://127.0.0.1:8081/", "https://svc.internal.example/", "https://internal.example/", "https://example.org:8443/", "https://sub.example.org:8443/", "http://10.1.2.3/", "http://[::1]:8000/"];
    const proxied = ["https://api.telegram.org/", "https://example.org/", "http://127.0.0.2/", "http://11.0.0.1/", "https://notinternal.example/"];
    for (const url of direct) assert.equal(routeOf(env, url), undefined, url);
    for (const url of proxied) assert.equal(routeOf(env, url), "http://p:1", url);
    assert.equal(routeOf({ https_proxy: "http://p:1", no_proxy: "*" }, "https://api.telegram.org/"), undefined, "* exempts everything");
    assert.equal(routeOf({ https_proxy: "http://p:1", no_proxy: "*.telegram.org" }, "https://api.telegram.org/"), undefined, "*.domain matches subdomains");
  });

  it("matches NO_PROXY entries case-insensitively and ignores empty ones", () => {
    assert.equal(bypasses(",, API.Telegram.ORG ,", new URL("https://api.telegram.org/")), true);
    assert.equal(bypasses("", new URL("https://api.telegram.org/")), false);
  });

  it("reports a malformed standard variable by name, without its password", () => {
    const problems = configProblems({ https_proxy: "socks4://u:hunter2-secret@127.0.0.1:1080", HTTP_PROXY: "http://ok:1" });
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /^https_proxy has an unsupported scheme "socks4"/);
    assert.ok(!problems[0]!.includes("hunter2"));
  });

  it("makes a bad proxy a CONFIG_INVALID error listed with the other problems", () => {
    assert.throws(
      () => parseConfig({ k: "0" }, { CITEBOT_PROXY: "nonsense", CITEBOT_LLM: "bogus" }),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, "CONFIG_INVALID");
        assert.match(error.message, /-k must be/);
        assert.match(error.message, /CITEBOT_PROXY/);
        assert.match(error.message, /CITEBOT_LLM/);
        return true;
      },
    );
  });

  it("hands the proxy to the configuration shared by the bot and the providers", () => {
    const config = parseConfig({}, { CITEBOT_PROXY: "socks5h://127.0.0.1:1080", CITEBOT_LLM: "ollama", CITEBOT_LLM_MODEL: "qwen2.5:7b" });
    assert.equal(config.proxy.url, "socks5h://127.0.0.1:1080");
    assert.deepEqual(config.providers.llm.http?.proxy, config.proxy);
  });

  it("masks credentials in proxy URLs for logs and messages", () => {
    assert.equal(redactProxyUrl("http://user:pa%40ss@127.0.0.1:7890"), "http://***@127.0.0.1:7890");
    assert.equal(redactProxyUrl("socks5h://127.0.0.1:1080"), "socks5h://127.0.0.1:1080");
    assert.equal(maskCredentials("user:pass@host:1"), "***@host:1");
  });

  it("never echoes a password in the error for a malformed proxy URL: a mistyped scheme, an @ or / left unencoded", () => {
    const cases = ["http//alice:s3cret@proxy:3128", "http:/alice:s3cret@proxy:3128", "http://alice:s3c@ret@proxy:notaport", "http://alice:s3c/ret@proxy:3128"];
    for (const raw of cases) {
      for (const name of ["CITEBOT_PROXY", "HTTPS_PROXY"]) {
        assert.throws(() => parseConfig({}, { [name]: raw }), (e: Error) => {
          assert.match(e.message, new RegExp(name));
          assert.doesNotMatch(e.message, /s3c|ret@/, `${name}=${raw}: ${e.message}`);
          return true;
        });
      }
      assert.ok(proxySecrets({ CITEBOT_PROXY: raw }).some((s) => s.includes("s3c")), raw);
    }
    assert.equal(maskCredentials("http//alice:s3cret@proxy:3128"), "***@proxy:3128");
  });

  it("lists proxy credentials in every printable form for the log redaction", () => {
    const secrets = proxySecrets({ CITEBOT_PROXY: "http://alice:p%40ssw0rd@127.0.0.1:7890", HTTPS_PROXY: "http://127.0.0.1:3128", all_proxy: "socks5://bob:s3cret-pw@127.0.0.1:1080" });
    for (const s of ["http://alice:p%40ssw0rd@127.0.0.1:7890", "alice:p%40ssw0rd", "p%40ssw0rd", "p@ssw0rd", "socks5://bob:s3cret-pw@127.0.0.1:1080", "s3cret-pw"]) {
      assert.ok(secrets.includes(s), s);
    }
    assert.ok(!secrets.some((s) => s.includes("3128")), "a proxy without credentials is no secret");
  });
});
