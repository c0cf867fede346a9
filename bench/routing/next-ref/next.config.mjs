// The Next.js reference for bench/routing: the smallest app with route handlers that return
// the same bytes as the data plane, built and started by bench/routing/run.ts.
/** @type {import('next').NextConfig} */
const config = {};
export default config;
