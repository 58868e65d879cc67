export { type LibsqlServer, type LibsqlServerOptions, startLibsqlServer } from "./server.ts";
