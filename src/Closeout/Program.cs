using System.CommandLine;
using Closeout.Features.Evaluation;

var closeout = new RootCommand("Closeout turns completed Jobber jobs into priced draft invoices.");
closeout.AddEvaluation();

return await closeout.Parse(args).InvokeAsync();
