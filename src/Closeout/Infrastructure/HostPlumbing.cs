using Closeout.Infrastructure.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Closeout.Infrastructure;

internal static partial class HostPlumbing
{
    /// <summary>ProblemDetails for every error, one handler for the unexpected, Data Protection keys in the data folder.</summary>
    public static IServiceCollection AddHostPlumbing(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<UnexpectedExceptionHandler>();
        services.AddDataProtection().SetApplicationName("Closeout");
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<StorageOptions>, ILoggerFactory>((keys, storage, loggers) =>
            keys.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.GetFullPath(Path.Combine(storage.Value.DataFolder, "keys"))), loggers));
        return services;
    }

    /// <summary>Logs the unexpected once (no request body) and answers 500 with the trace id.</summary>
    private sealed partial class UnexpectedExceptionHandler(IProblemDetailsService problems, ILogger<UnexpectedExceptionHandler> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            LogUnexpected(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
            httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                Exception = exception,
                ProblemDetails = { Status = 500, Title = "Unexpected error", Extensions = { ["traceId"] = System.Diagnostics.Activity.Current?.Id ?? httpContext.TraceIdentifier } },
            }).ConfigureAwait(false);
        }

        [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error on {Method} {Path}")]
        private static partial void LogUnexpected(ILogger logger, string method, string path, Exception exception);
    }
}
