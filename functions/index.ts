// The Functions host loads this file (package.json "main"); each import registers its function.
import "./ingestGatewayLogs.js";
import "./evaluateWindows.js";
import "./refreshThreatIntel.js";
