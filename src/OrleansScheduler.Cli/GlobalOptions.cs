using System.CommandLine;

namespace OrleansScheduler.Cli;

/// <summary>The options every command takes: where the gateways are, the API key, and how answers are printed.</summary>
public sealed class GlobalOptions
{
    /// <summary>The gateway used when no <c>--gateway</c> is given.</summary>
    public const string DefaultGateway = "http://localhost:5080";

    /// <summary>The environment variable <c>--api-key</c> defaults to.</summary>
    public const string ApiKeyVariable = "OSCHED_API_KEY";

    /// <summary><c>--gateway</c>: one or more gateway URLs, repeated or comma-separated, tried in order.</summary>
    public Option<string[]> Gateway { get; } = new("--gateway", "-g")
    {
        Description = $"Gateway URL; repeat it or separate URLs with commas to fail over (default {DefaultGateway})",
        Recursive = true,
        Arity = ArgumentArity.OneOrMore,
    };

    /// <summary><c>--api-key</c>: sent as <c>X-Api-Key</c>; defaults to <c>OSCHED_API_KEY</c>.</summary>
    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = $"API key sent as X-Api-Key (default: ${ApiKeyVariable})",
        Recursive = true,
    };

    /// <summary><c>--output</c>: <c>table</c> (default) or <c>json</c>, the API's JSON answer for scripts.</summary>
    public Option<string> Output { get; } = new("--output", "-o")
    {
        Description = "table, or json (the API's answer as JSON, for scripts)",
        Recursive = true,
        DefaultValueFactory = _ => "table",
    };

    /// <summary>Creates the options.</summary>
    public GlobalOptions() => Output.AcceptOnlyFromAmong("table", "json");

    /// <summary>Adds the options to the root command.</summary>
    public void AddTo(RootCommand root)
    {
        root.Options.Add(Gateway);
        root.Options.Add(ApiKey);
        root.Options.Add(Output);
    }

    /// <summary>The gateway URLs the command line names, in order, each ending in a slash.</summary>
    public IReadOnlyList<Uri> Gateways(ParseResult parse)
    {
        var given = (parse.GetValue(Gateway) ?? [])
            .SelectMany(g => g.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .DefaultIfEmpty(DefaultGateway);
        var gateways = new List<Uri>();
        foreach (string url in given)
        {
            if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                throw new UsageException($"--gateway '{url}' is not an http or https URL.");
            gateways.Add(uri);
        }
        return gateways;
    }
}
