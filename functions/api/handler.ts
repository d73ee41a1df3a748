/** The API Lambda: the Hono app behind API Gateway (HTTP API, payload v2). */
import { handle } from 'hono/aws-lambda';
import { runtime } from '../commons/runtime.ts';
import { createApp } from './app.ts';

export const app = createApp(runtime);
export const handler = handle(app);
