export * from './fields';
export * from './orders';
export * from './codes';
export * from './rules';
export * from './example';
