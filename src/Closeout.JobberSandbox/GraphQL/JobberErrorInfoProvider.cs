using GraphQL;
using GraphQL.Execution;

namespace Closeout.JobberSandbox.GraphQL;

/// <summary>Errors as Jobber shapes them: THROTTLED carries a link to the rate-limit documentation.</summary>
internal sealed class JobberErrorInfoProvider : ErrorInfoProvider
{
    public const string ThrottledCode = "THROTTLED";

    public override ErrorInfo GetInfo(ExecutionError executionError)
    {
        var info = base.GetInfo(executionError);
        if (executionError.Code == ThrottledCode)
        {
            info.Extensions ??= new Dictionary<string, object?>();
            info.Extensions["documentation"] = "https://developer.getjobber.com/docs/using_jobbers_api/api_rate_limits";
        }

        return info;
    }
}
