using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Closeout.Infrastructure.Observability;

/// <summary>Section "Telemetry": where traces and metrics go (OTLP), or nowhere.</summary>
internal sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>The collector's base address (http://collector:4317 for gRPC, http://collector:4318 for HTTP); none exports nothing.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (default) or <c>http/protobuf</c>.</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>Collect without an endpoint (an exporter added in code, as the tests do).</summary>
    public bool Enabled { get; set; }

    public string ServiceName { get; set; } = "closeout";
}

internal static class TelemetryExtensions
{
    /// <summary>
    /// OpenTelemetry traces and metrics of the "Closeout" source and meter, exported by OTLP when an endpoint is configured
    /// (Telemetry:OtlpEndpoint, or the standard OTEL_EXPORTER_OTLP_ENDPOINT). Without one nothing listens, so the
    /// stages cost nothing. Logs stay with the host's logging providers.
    /// </summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var standard = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (options.OtlpEndpoint is null && string.IsNullOrWhiteSpace(standard) && !options.Enabled)
        {
            return builder;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName))
            // ASP.NET Core's own request span (source Microsoft.AspNetCore) is recorded too: webhook.receive is its child.
            .WithTracing(t => t.AddSource(Telemetry.Name, "Microsoft.AspNetCore"))
            .WithMetrics(m => m.AddMeter(Telemetry.Name));
        if (options.OtlpEndpoint is { } endpoint)
        {
            var protocol = options.OtlpProtocol.Trim().ToUpperInvariant() is "HTTP/PROTOBUF" or "HTTP" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
            builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddOtlpExporter(o => Point(o, protocol, endpoint, "v1/traces")));
            builder.Services.ConfigureOpenTelemetryMeterProvider(m => m.AddOtlpExporter(o => Point(o, protocol, endpoint, "v1/metrics")));
        }
        else if (!string.IsNullOrWhiteSpace(standard))
        {
            // The exporter reads OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_EXPORTER_OTLP_PROTOCOL itself.
            builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddOtlpExporter());
            builder.Services.ConfigureOpenTelemetryMeterProvider(m => m.AddOtlpExporter());
        }

        return builder;
    }

    private static void Point(OtlpExporterOptions exporter, OtlpExportProtocol protocol, Uri endpoint, string signalPath)
    {
        exporter.Protocol = protocol;
        // Over HTTP each signal has its own path; gRPC takes the base address.
        exporter.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf ? new Uri(endpoint, signalPath) : endpoint;
    }
}
