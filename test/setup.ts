// Pin the environment the UI renders in, so tests do not depend on the machine
// (CI runs with CI=true, which would make Ink non-interactive).
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
process.env.FORCE_COLOR = '0';
process.env.NO_COLOR = '1';
process.env.COLUMNS = '120';
process.env.LINES = '40';
