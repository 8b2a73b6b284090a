using Closeout.QuickBooksSandbox;

var app = QuickBooksSandboxApp.Create(args);
await app.RunAsync().ConfigureAwait(false);
