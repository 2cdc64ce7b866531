import { describe, expect, it } from "vitest";
import { createUserAgentClassifier } from "../../../shared/detectors/userAgent/classifyUserAgent.js";
import { readUapCoreTestCases } from "./readUapCoreTestCases.js";

const classify = createUserAgentClassifier();

// ua-parser's corpus is meant to be ordinary traffic, but it also documents how to parse a few
// scanners. These five announce themselves as attack tools, and nothing else in it may fire.
const UAP_CORE_SCANNERS = [
  { family: "WhatWeb", userAgent: "WhatWeb/0.4.8", fragment: "WhatWeb/0.4.8" },
  {
    family: "masscan",
    userAgent: "masscan/1.0 (https://github.com/robertdavidgraham/masscan)",
    fragment: "masscan/1.0",
  },
  {
    family: "OpenVAS Scanner",
    userAgent: "Mozilla/5.0 [en] (X11, U; OpenVAS-VT 8.0.9)",
    fragment: "OpenVAS-VT",
  },
  {
    family: "OpenVAS Scanner",
    userAgent: "Mozilla/5.0 [en] (X11, U; OpenVAS 7.0.10)",
    fragment: "OpenVAS",
  },
  {
    family: "OpenVAS Scanner",
    userAgent: "Mozilla/4.75 [en] (X11, U; OpenVAS)",
    fragment: "OpenVAS",
  },
];

// Clients an API sees every day, several chosen for the traps they set: semicolons before
// product names, runtimes named after a semicolon, unexpanded build placeholders.
const ORDINARY_CLIENTS: ReadonlyArray<[string, string]> = [
  ["OkHttp", "okhttp/4.12.0"],
  ["Python requests", "python-requests/2.31.0"],
  ["curl", "curl/8.4.0"],
  ["Wget", "Wget/1.21.4"],
  ["Go's HTTP client", "Go-http-client/2.0"],
  ["the JDK's HTTP client", "Java/17.0.2"],
  ["Apache HttpClient", "Apache-HttpClient/4.5.14 (Java/17.0.8)"],
  [
    "the AWS SDK for Java",
    "aws-sdk-java/1.12.500 Linux/5.15.0 OpenJDK_64-Bit_Server_VM/17.0.8+7 java/17.0.8 vendor/Eclipse_Adoptium cfg/retry-mode/legacy",
  ],
  [
    "the AWS SDK for JavaScript",
    "aws-sdk-js/3.400.0 ua/2.0 os/linux#5.15.0 lang/js md/nodejs#18.17.1 api/s3#3.400.0",
  ],
  [
    "an Azure SDK for JavaScript",
    "azsdk-js-data-tables/13.2.2 core-rest-pipeline/1.12.0 Node/v18.17.1 OS/(x64-Linux-5.15.0)",
  ],
  [
    "an Azure SDK for Python",
    "azsdk-python-storage-blob/12.19.0 Python/3.11.5 (Linux-5.15.0-x86_64-with-glibc2.35)",
  ],
  [
    "an Azure SDK for .NET",
    "azsdk-net-Identity/1.10.0 (.NET 6.0.21; Microsoft Windows 10.0.20348)",
  ],
  ["Postman", "PostmanRuntime/7.36.0"],
  ["HTTPie", "HTTPie/3.2.2"],
  ["axios", "axios/1.6.2"],
  ["k6", "k6/0.47.0 (https://k6.io/)"],
  [
    "Edge on Windows",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0",
  ],
  [
    "Safari on macOS",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
  ],
  [
    "Firefox on Ubuntu",
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0",
  ],
  [
    "Safari on iPhone",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
  ],
  [
    "Chrome on a Cat phone",
    "Mozilla/5.0 (Linux; Android 11; Cat S62 Pro) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
  ],
  [
    "Internet Explorer with .NET tokens",
    "Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.1; Trident/6.0; .NET CLR 3.5.30729)",
  ],
  [
    "an Indonesian-locale Android browser",
    "Mozilla/5.0 (Linux; U; Android 4.0.3; id-id; GT-I9100 Build/IML74K) AppleWebKit/534.30 (KHTML, like Gecko) Version/4.0 Mobile Safari/534.30",
  ],
  ["a Sharp phone", "Mozilla/5.0 (Linux; Android 10; SH-01L) AppleWebKit/537.36"],
  ["Googlebot", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"],
  ["Bingbot", "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"],
  ["an iOS app", "ExampleShop/5.2.1 (iPhone; iOS 17.1; Scale/3.00)"],
  ["an Android app", "ExampleShop/5.2.1 (com.example.shop; build:5210; Android 13) okhttp/4.11.0"],
  ["Dalvik", "Dalvik/2.1.0 (Linux; U; Android 13; SM-S911B Build/TP1A.220624.014)"],
  ["an SDK naming Python after a semicolon", "ExampleSdk/2.0 (Linux; Python 3.11.4)"],
  ["an SDK naming Node after a semicolon", "ExampleSdk/2.0 (Linux; node v18.17.1)"],
  ["a runtime closing a browser-style comment", "Mozilla/5.0 (compatible; PHP)"],
  ["an unexpanded Maven property", "ExampleSdk/${project.version} (Android)"],
  ["an unexpanded template placeholder", "ExampleApp/{{appVersion}} (iOS)"],
  ["an unexpanded Ruby interpolation", "ExampleApp/#{version}"],
  ["an unexpanded shell default", "ExampleApp/${VERSION:-dev}"],
  ["a carrier name with an ampersand", "ExampleApp/1.0 (carrier AT&T; iPhone)"],
  ["a pipe-separated app token", "ExampleApp|3.2|Android|13"],
  [
    "Microsoft Outlook",
    "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17029; Pro)",
  ],
  ["Azure Logic Apps", "azure-logic-apps/1.0 (workflow 5b1c2d3e; version 08585012345678901234)"],
  ["a Kubernetes probe", "kube-probe/1.28"],
];

describe("User-Agent classifier on benign traffic", () => {
  it("finds nothing in ua-parser's real User-Agents except the five from known scanners", () => {
    const cases = readUapCoreTestCases();

    const flagged = cases.flatMap(({ family, userAgent }) => {
      const finding = classify(userAgent);
      return finding === null ? [] : [{ family, userAgent, ...finding }];
    });

    expect(cases).toHaveLength(1601);
    expect(flagged).toEqual(
      UAP_CORE_SCANNERS.map((scanner) => ({ ...scanner, category: "attack-tool" })),
    );
  });

  it.each(ORDINARY_CLIENTS)("leaves %s alone", (_name, userAgent) => {
    expect(classify(userAgent)).toBeNull();
  });
});
