/**
 * Once per test run: start DynamoDB Local and synthesize the CDK app (the workflow every test runs).
 * Test files each create their own table, so they are isolated from one another.
 */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { synthesizeTemplate } from '../../infra/local/cloud-template.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    templatePath: string;
  }
}

export default async function setup(project: TestProject) {
  const [dynamo, template] = await Promise.all([startDynamoDbLocal(), synthesizeTemplate()]);
  const dir = mkdtempSync(path.join(tmpdir(), 'factflow-test-'));
  const templatePath = path.join(dir, 'template.json');
  writeFileSync(templatePath, JSON.stringify(template));
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('templatePath', templatePath);
  return async () => {
    await dynamo.stop();
  };
}
