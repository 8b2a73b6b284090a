// The baseline for bench/webhook-intake.sh: the same ASP.NET Core host Closeout uses, with one endpoint that reads the
// posted body and answers 200 — no signature check, no storage. Run: dotnet BareEndpoint.dll --urls http://127.0.0.1:PORT
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapPost("/webhooks/jobber", async (HttpRequest request) =>
{
    await request.Body.CopyToAsync(Stream.Null).ConfigureAwait(false);
    return Results.Ok();
});
app.MapGet("/healthz", () => Results.Ok());
await app.RunAsync().ConfigureAwait(false);
