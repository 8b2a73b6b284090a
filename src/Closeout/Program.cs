using System.CommandLine;
using Closeout;
using Closeout.Features.Audit;
using Closeout.Features.Collections.Simulation;
using Closeout.Features.Demo;
using Closeout.Features.Evaluation;
using Closeout.Features.Inbox;
using Closeout.Features.Secrets;

// A verb runs the CLI (closeout eval ..., closeout inbox list|retry, closeout audit verify|export, closeout demo, closeout simulate-collections, closeout secrets set|list|remove); anything else runs the web service.
if (args.Length > 0 && args[0] is "eval" or "inbox" or "audit" or "demo" or "simulate-collections" or "secrets" or "--help" or "-h" or "-?")
{
    var closeout = new RootCommand("Closeout turns completed Jobber jobs into priced draft invoices.");
    closeout.AddEvaluation();
    closeout.AddInbox();
    closeout.AddAudit();
    closeout.AddDemo();
    closeout.AddSimulateCollections();
    closeout.AddSecrets();
    return await closeout.Parse(args).InvokeAsync().ConfigureAwait(false);
}

var app = CloseoutApp.Create(args);
await app.RunAsync().ConfigureAwait(false);
return 0;
