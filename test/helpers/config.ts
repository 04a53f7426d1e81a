/** The one configuration as `citebot` parses an environment (no flags), section by section, for tests. */
import { checkConfig, type ConfigOptions, parseConfig } from "../../src/config/config.js";
import type { ProviderConfig } from "../../src/config/providers.js";
import type { TelegramConfig } from "../../src/config/telegram.js";
import type { ProxyConfig } from "../../src/net/proxy-config.js";

/** Every problem `env` has, as the CONFIG_INVALID report lists them. */
export function configProblems(env: NodeJS.ProcessEnv, options: ConfigOptions = {}): string[] {
  return checkConfig({}, env, undefined, options).problems;
}

/** The providers section; throws the problems when `env` has any. */
export function providersOf(env: NodeJS.ProcessEnv): ProviderConfig {
  return parseConfig({}, env).providers;
}

/** The proxy section; throws the problems when `env` has any. */
export function proxyOf(env: NodeJS.ProcessEnv): ProxyConfig {
  return parseConfig({}, env).proxy;
}

/** The Telegram section, as `citebot bot` reads it; throws the problems when `env` has any. */
export function telegramOf(env: NodeJS.ProcessEnv): TelegramConfig {
  return parseConfig({}, env, undefined, { bot: true }).telegram;
}
