// A minimal MCP server over stdio (newline-delimited JSON-RPC, no dependencies) that misbehaves on purpose, for the failure
// modes the reference servers cannot be made to show: exiting at start or during a call, malformed answers, JSON-RPC errors
// and calls that never answer. Usage: node misbehaving-server.mjs [exit-at-start]
import { appendFileSync } from "node:fs";
import { createInterface } from "node:readline";

if (process.argv[2] === "exit-at-start") {
  process.stderr.write("misbehaving: refusing to start\n");
  process.exit(3);
}

const object = (properties, required = []) => ({ type: "object", properties, required });
const tools = [
  { name: "echo", description: "Returns its text.", inputSchema: object({ text: { type: "string" } }, ["text"]), annotations: { readOnlyHint: true } },
  { name: "record", description: "Appends its text to the file named by RECORD_FILE.", inputSchema: object({ text: { type: "string" } }, ["text"]) },
  { name: "exit_during_call", description: "Records the call, then exits with code 7 without answering.", inputSchema: object({}) },
  { name: "malformed", description: "Answers with content that is not an array.", inputSchema: object({}) },
  { name: "protocol_error", description: "Answers with a JSON-RPC error.", inputSchema: object({}) },
  { name: "hang", description: "Records the call and never answers.", inputSchema: object({}) },
];

const send = (message) => process.stdout.write(JSON.stringify({ jsonrpc: "2.0", ...message }) + "\n");
const record = (text) => appendFileSync(process.env.RECORD_FILE, text + "\n");

createInterface({ input: process.stdin }).on("line", (line) => {
  const request = JSON.parse(line);
  if (request.id === undefined) return; // notifications need no answer
  const { id, method, params } = request;
  switch (method) {
    case "initialize":
      return send({ id, result: { protocolVersion: "2025-06-18", capabilities: { tools: {} }, serverInfo: { name: "misbehaving", version: "1.0.0" } } });
    case "ping":
      return send({ id, result: {} });
    case "tools/list":
      return send({ id, result: { tools } });
    case "tools/call":
      switch (params.name) {
        case "echo":
          return send({ id, result: { content: [{ type: "text", text: params.arguments.text }] } });
        case "record":
          record(params.arguments.text);
          return send({ id, result: { content: [{ type: "text", text: "recorded " + params.arguments.text }] } });
        case "exit_during_call":
          record("exit_during_call");
          process.stderr.write("misbehaving: exiting during a call\n");
          return process.exit(7);
        case "malformed":
          return send({ id, result: { content: "not an array" } });
        case "protocol_error":
          return send({ id, error: { code: -32603, message: "misbehaving: internal failure" } });
        case "hang":
          record("hang");
          return;
        default:
          return send({ id, error: { code: -32602, message: "unknown tool " + params.name } });
      }
    default:
      return send({ id, error: { code: -32601, message: "method not found: " + method } });
  }
});
