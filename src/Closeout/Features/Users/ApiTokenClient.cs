using System.Net.Http.Headers;

namespace Closeout.Features.Users;

/// <summary>
/// For scripts that call Closeout with an API token and must follow redirects through other sites (connecting a Jobber
/// account goes Closeout, Jobber, Closeout): follows redirects itself and sends the token only to Closeout's own origin,
/// never to the site in between. The inner handler must not follow redirects.
/// </summary>
public sealed class ApiTokenClient(Uri closeout, string token) : DelegatingHandler
{
    private const int MaxRedirects = 10;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        for (var hop = 0; ; hop++)
        {
            request.Headers.Authorization = SameOrigin(request.RequestUri) ? new AuthenticationHeaderValue("Bearer", token) : null;
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is < 300 or >= 400 || response.Headers.Location is not { } location || hop >= MaxRedirects
                || (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head))
            {
                return response;
            }

            var next = location.IsAbsoluteUri ? location : new Uri(request.RequestUri!, location);
            response.Dispose();
            request = new HttpRequestMessage(request.Method, next);
        }
    }

    private bool SameOrigin(Uri? uri) =>
        uri is not null && Uri.Compare(uri, closeout, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
}
