// `worker-source:` imports are another entry bundled as text (scripts/workerSource.cjs).
declare module 'worker-source:*' {
  const source: string;
  export default source;
}
