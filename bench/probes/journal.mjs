// Placeholder until the stage it measures exists.
import { finish } from './api.mjs';
finish(Promise.reject(new Error('journal probe: not written yet')));
