/** The public surface of src/http/: what other folders import. */
export { hashPassword } from "./admin/password.ts";
export { createApp } from "./app.ts";
export { Telemetry } from "./telemetry.ts";
