using System.Diagnostics;
using System.Net;
using System.Text;

namespace Closeout.Tests.Service;

/// <summary>closeout.dll (copied beside the tests by the project reference) run with <c>dotnet</c> as a child process.</summary>
internal sealed class CloseoutProcess : IDisposable
{
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private CloseoutProcess(Process process)
    {
        _process = process;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The settings a child Closeout needs: SQLite in the test's folder, the sandbox, one business, quick retries.</summary>
    public static Dictionary<string, string> Environment(TestDatabase database, Sandbox sandbox, string accountId, string folder) => new()
    {
        ["Storage__Provider"] = "Sqlite",
        ["Storage__DataFolder"] = database.DataFolder,
        ["Jobber__BaseUrl"] = sandbox.BaseAddress.ToString(),
        ["Jobber__ClientId"] = Sandbox.ClientId,
        ["Jobber__ClientSecret"] = Sandbox.ClientSecret,
        ["Jobber__RetryBaseDelayMilliseconds"] = "20",
        ["Jobber__RequestTimeoutSeconds"] = "60",
        ["Processing__RetryBaseMilliseconds"] = "50",
        ["Processing__RetryMaxMilliseconds"] = "500",
        ["Processing__SweepMilliseconds"] = "100",
        ["Processing__LeaseSeconds"] = "1",
        ["Accounts__Businesses__0__Account"] = accountId,
        ["Accounts__Businesses__0__Folder"] = folder,
        ["Logging__LogLevel__Default"] = "Warning",
        ["Users__Bootstrap__Email"] = CloseoutServer.OwnerEmail,
        ["Users__Bootstrap__Password"] = CloseoutServer.OwnerPassword,
        ["Users__Bootstrap__ApiToken"] = CloseoutServer.OwnerToken,
    };

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<CloseoutProcess> StartAsync(Uri url, IReadOnlyDictionary<string, string> environment, HttpClient http)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "closeout.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the test project's reference to src/Closeout copies it");
        var start = new ProcessStartInfo(System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url.ToString().TrimEnd('/'));
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new CloseoutProcess(Process.Start(start)!);
        process._process.OutputDataReceived += process.Collect;
        process._process.ErrorDataReceived += process.Collect;
        process._process.BeginOutputReadLine();
        process._process.BeginErrorReadLine();

        var deadline = TimeProvider.System.GetUtcNow() + StartBound;
        while (true)
        {
            Assert.False(process._process.HasExited, $"Closeout exited with {(process._process.HasExited ? process._process.ExitCode : 0)}: {process.Output}");
            try
            {
                using var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return process;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                process.Dispose();
                Assert.Fail($"Closeout did not answer /healthz within {StartBound.TotalSeconds} s: {process.Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>SIGKILL to the whole tree: no shutdown hooks, no graceful stop of the worker.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        Assert.True(_process.WaitForExit(TimeSpan.FromSeconds(10)), "Closeout did not die");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }

    private void Collect(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 20_000)
            {
                _output.AppendLine(e.Data);
            }
        }
    }
}
