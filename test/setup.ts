// Pin the environment the UI renders in, so tests do not depend on the machine
// (CI runs with CI=true, which would make Ink non-interactive).
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
process.env.FORCE_COLOR = '0';
process.env.NO_COLOR = '1';
process.env.COLUMNS = '120';
process.env.LINES = '40';

// No test may touch the user's preferences or sessions: point both at a temp folder.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
const sandbox = mkdtempSync(path.join(tmpdir(), 'iam-refine-test-'));
process.env.IAM_REFINE_CONFIG_DIR ??= path.join(sandbox, 'config');
process.env.IAM_REFINE_SESSIONS_DIR ??= path.join(sandbox, 'sessions');
// Never reach a real AWS endpoint or read the machine's credentials from a test.
process.env.AWS_CONFIG_FILE = path.join(sandbox, 'aws-config');
process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(sandbox, 'aws-credentials');
