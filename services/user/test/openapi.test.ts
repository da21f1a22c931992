import { validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { testStack, type TestStack } from '../../../test/support/app.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(() => stack.close());

describe.each(['user', 'astrologer', 'communication'] as const)('the %s service API description', (service) => {
  it('is served as OpenAPI 3.1 that validates', async () => {
    const res = await request(stack[service]).get('/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(res.body));
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(Object.keys(res.body.paths).every((p) => p.startsWith(`/api/${service}/`))).toBe(true);
    // the same document under the service prefix, which the web app proxies
    const proxied = await request(stack[service]).get(`/api/${service}/openapi.json`).expect(200);
    expect(proxied.body).toEqual(res.body);
  });

  it('serves an interactive docs page that works offline', async () => {
    const page = await request(stack[service]).get('/docs/').expect(200);
    expect(page.text).toContain('swagger-ui-bundle.js');
    await request(stack[service]).get('/docs/assets/swagger-ui-bundle.js').expect(200);
    expect((await request(stack[service]).get('/docs/init.js').expect(200)).text).toContain('/openapi.json');
  });
});

describe('the documented routes', () => {
  it('describe request bodies from the same zod schemas that validate them', async () => {
    const doc = (await request(stack.user).get('/openapi.json')).body;
    const signup = doc.paths['/api/user/auth/signup'].post;
    expect(signup.responses['202']).toBeDefined();
    expect(signup.responses['429']).toBeDefined();
    const schema = signup.requestBody.content['application/json'].schema;
    const resolved = schema.$ref ? doc.components.schemas[schema.$ref.split('/').pop()] : schema;
    expect(resolved.required).toEqual(expect.arrayContaining(['phone', 'name']));
    expect(resolved.additionalProperties).toBe(false);
    expect(doc.paths['/api/user/profile'].get.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/api/user/users/{id}'].get.parameters[0]).toMatchObject({ name: 'id', in: 'path' });
  });
});
