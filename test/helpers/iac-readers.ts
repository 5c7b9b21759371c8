// Readers that turn each IaC format back into IAM statements the way its own tool would:
// CloudFormation (YAML with short tags, Fn::Sub), Serverless (YAML, its ${} variables,
// Fn::Join), CDK (tsc against a type stub of aws-cdk-lib, then run), Terraform (HCL).
// With the references filled by the role's account, region and stage, each must equal
// the policy JSON.
import { createRequire } from 'node:module';
import ts from 'typescript';
import { parse as parseYaml, type CollectionTag, type ScalarTag } from 'yaml';
import type { IamStatement } from '../../src/render/json.js';
import type { PortableRefs } from '../../src/render/portable.js';

const require = createRequire(import.meta.url);
const hcl = require('hcl2-parser') as { parseToObject(text: string): [unknown, unknown] };

type Statement = Pick<IamStatement, 'Sid' | 'Effect' | 'Action' | 'Resource'>;

/** CloudFormation's short tags as the long form (`!Sub x` → `{ 'Fn::Sub': x }`). */
const CFN_TAGS: (ScalarTag | CollectionTag)[] = ['Sub', 'Ref', 'GetAtt', 'Join'].flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => ({ [`Fn::${name}`]: value }) } as ScalarTag,
  {
    tag: `!${name}`,
    collection: 'seq',
    resolve: (seq: unknown) => ({ [`Fn::${name}`]: (seq as { toJSON(): unknown }).toJSON() }),
  } as unknown as CollectionTag,
]);

export function parseCloudFormation(text: string): Record<string, unknown> {
  return parseYaml(text, { customTags: CFN_TAGS }) as Record<string, unknown>;
}

/** Fn::Sub as CloudFormation evaluates it: pseudo parameters, parameters, `${!x}` → `${x}`. */
function evaluateSub(template: string, refs: PortableRefs): string {
  const values: Record<string, string | undefined> = {
    'AWS::AccountId': refs.account,
    'AWS::Region': refs.region,
    Stage: refs.stage,
  };
  return template.replace(/\$\{(!?)([^}]*)\}/g, (_, bang: string, name: string) => {
    if (bang) return `\${${name}}`;
    const v = values[name];
    if (v === undefined) throw new Error(`Fn::Sub cannot resolve \${${name}} in ${template}`);
    return v;
  });
}

function cfnResource(value: unknown, refs: PortableRefs): string {
  if (typeof value === 'string') return value;
  const sub = (value as Record<string, unknown>)['Fn::Sub'];
  if (typeof sub !== 'string') throw new Error(`unexpected resource ${JSON.stringify(value)}`);
  return evaluateSub(sub, refs);
}

function documentStatements(doc: unknown, resource: (v: unknown) => string): Statement[] {
  const d = doc as { Version: string; Statement: Record<string, unknown>[] };
  if (d.Version !== '2012-10-17') throw new Error(`policy Version ${d.Version}`);
  return d.Statement.map((s) => ({
    Sid: s.Sid as string,
    Effect: s.Effect as 'Allow',
    Action: s.Action as string[],
    Resource: (s.Resource as unknown[]).map(resource),
  }));
}

/** Every policy document of the template (managed policies in order, or the inline entry). */
export function cloudFormationStatements(text: string, refs: PortableRefs): Statement[] {
  const parsed = parseCloudFormation(text);
  const docs: unknown[] = [];
  if (parsed.Policies) {
    for (const p of parsed.Policies as { PolicyDocument: unknown }[]) docs.push(p.PolicyDocument);
  } else {
    for (const r of Object.values(parsed.Resources as Record<string, Record<string, unknown>>)) {
      if (r.Type !== 'AWS::IAM::ManagedPolicy') throw new Error(`resource type ${String(r.Type)}`);
      docs.push((r.Properties as { PolicyDocument: unknown }).PolicyDocument);
    }
  }
  return docs.flatMap((d) => documentStatements(d, (v) => cfnResource(v, refs)));
}

/** Serverless resolves `${source:address}` in every string; anything else it cannot resolve. */
function serverlessString(value: string, refs: PortableRefs): string {
  const vars: Record<string, string | undefined> = {
    'aws:accountId': refs.account,
    'aws:region': refs.region,
    'sls:stage': refs.stage,
  };
  return value.replace(/\$\{([^}]*)\}/g, (_, name: string) => {
    const v = vars[name];
    if (v === undefined) throw new Error(`Serverless cannot resolve \${${name}} in ${value}`);
    return v;
  });
}

function serverlessResource(value: unknown, refs: PortableRefs): string {
  if (typeof value === 'string') return serverlessString(value, refs);
  const join = (value as Record<string, unknown>)['Fn::Join'] as [string, string[]] | undefined;
  if (!join) throw new Error(`unexpected resource ${JSON.stringify(value)}`);
  return join[1].map((p) => serverlessString(p, refs)).join(join[0]);
}

export function serverlessStatements(text: string, refs: PortableRefs): Statement[] {
  const parsed = parseYaml(text) as { provider: { iam: { role: { statements: unknown } } } };
  return documentStatements({ Version: '2012-10-17', Statement: parsed.provider.iam.role.statements }, (v) =>
    serverlessResource(v, refs),
  );
}

/** Type declarations of the few aws-cdk-lib pieces the generated code uses. */
const CDK_STUB = `
declare module 'constructs' {
  export interface IConstruct { readonly node: unknown }
  export class Construct implements IConstruct { readonly node: unknown; constructor(scope: Construct, id: string) }
}
declare module 'aws-cdk-lib' {
  import type { IConstruct } from 'constructs';
  export class Stack { static of(construct: IConstruct): Stack; readonly account: string; readonly region: string }
}
declare module 'aws-cdk-lib/aws-iam' {
  export enum Effect { ALLOW = 'Allow', DENY = 'Deny' }
  export interface PolicyStatementProps {
    readonly sid?: string; readonly effect?: Effect; readonly actions?: string[]; readonly resources?: string[];
  }
  export class PolicyStatement { constructor(props?: PolicyStatementProps) }
}
`;

/** tsc's diagnostics for generated files (one program: tsc's start-up is the cost) against the stub, in strict mode. */
export function cdkDiagnostics(sources: string[]): string[] {
  const files: Record<string, string> = { '/cdk/stub.d.ts': CDK_STUB };
  sources.forEach((source, i) => (files[`/cdk/policy${i}.ts`] = source));
  const options: ts.CompilerOptions = {
    strict: true,
    noUnusedLocals: true,
    noImplicitReturns: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    noEmit: true,
    types: [],
    lib: ['lib.es2022.d.ts'],
  };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, onError) =>
    files[name] !== undefined ? ts.createSourceFile(name, files[name], lang) : read(name, lang, onError);
  host.fileExists = (name) => files[name] !== undefined || ts.sys.fileExists(name);
  host.readFile = (name) => files[name] ?? ts.sys.readFile(name);
  const program = ts.createProgram(Object.keys(files), options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

/** Runs the generated functions with a stand-in aws-cdk-lib that records each statement. */
export function cdkStatements(source: string, refs: PortableRefs): Statement[] {
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS } }).outputText;
  class PolicyStatement {
    constructor(readonly props: { sid: string; effect: string; actions: string[]; resources: string[] }) {}
  }
  const modules: Record<string, unknown> = {
    'aws-cdk-lib': { Stack: { of: () => ({ account: refs.account, region: refs.region }) } },
    'aws-cdk-lib/aws-iam': { Effect: { ALLOW: 'Allow', DENY: 'Deny' }, PolicyStatement },
    constructs: {},
  };
  const exports: Record<string, (...args: unknown[]) => PolicyStatement[]> = {};
  new Function('require', 'exports', js)((name: string) => modules[name], exports);
  return Object.values(exports).flatMap((fn) =>
    fn({}, ...(refs.stage ? [refs.stage] : [])).map(({ props }) => ({
      Sid: props.sid,
      Effect: props.effect as 'Allow',
      Action: props.actions,
      Resource: props.resources,
    })),
  );
}

interface HclStatement {
  sid: string;
  effect: string;
  actions: string[];
  resources: string[];
}

/** Terraform: the documents' statements with the references' values and `&{` back as `${`. */
export function terraformStatements(text: string, refs: PortableRefs): Statement[] {
  const [obj, err] = hcl.parseToObject(text);
  if (err || !obj) throw new Error(`HCL parse failed: ${JSON.stringify(err)}`);
  const docs = (
    obj as { data?: { aws_iam_policy_document?: Record<string, { statement: HclStatement[] }[]> } }
  ).data?.aws_iam_policy_document;
  const exprs: Record<string, string | undefined> = {
    'data.aws_caller_identity.current.account_id': refs.account,
    'data.aws_region.current.name': refs.region,
    'var.stage': refs.stage,
  };
  const value = (s: string) =>
    s
      .replace(/\$\{([a-z_.]+)\}/g, (whole, e: string) => exprs[e] ?? whole)
      .replace(/&\{/g, '${')
      .replace(/\$\$\{/g, '${');
  return Object.values(docs ?? {}).flatMap((blocks) =>
    blocks.flatMap((b) =>
      b.statement.map((s) => ({
        Sid: s.sid,
        Effect: s.effect as 'Allow',
        Action: s.actions.map(value),
        Resource: s.resources.map(value),
      })),
    ),
  );
}
