using Closeout.JobberSandbox;

var app = SandboxApp.Create(args);
await app.RunAsync().ConfigureAwait(false);
