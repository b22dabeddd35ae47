/** The scorer lives in src (the CLI's --report uses it too); the tests import it from here. */
export * from "../../../../src/interpret-report.ts";
