#!/usr/bin/env node
// Writes schema.graphql, the schema the service serves as graphql-js prints it, from dist/
// (`npm run schema` builds dist/ first when a source changed: the `preschema` script). The file
// is how a developer reads the API offline and what codegen and the breaking-change test read;
// test/contract/schema-file.test.ts fails when it differs from the built schema.
'use strict';
require('reflect-metadata');
const { readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { printServiceSchema } = require('../dist/platform/graphql/schema-printing.js');

const FILE = path.join(__dirname, '..', 'schema.graphql');

printServiceSchema().then(
  (printed) => {
    let before;
    try {
      before = readFileSync(FILE, 'utf8');
    } catch {
      before = undefined;
    }
    if (before === printed) {
      console.log('schema.graphql: unchanged');
      return;
    }
    writeFileSync(FILE, printed);
    console.log(`schema.graphql: ${before === undefined ? 'written' : 'updated'} (${printed.split('\n').length - 1} lines)`);
  },
  (error) => {
    console.error('schema: cannot build the schema from dist/:', error);
    process.exitCode = 1;
  },
);
