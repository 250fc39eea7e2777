using System.CommandLine;
using System.Net;
using System.Text.Json;
using OrleansScheduler.Client;

namespace OrleansScheduler.Cli;

/// <summary>
/// Runs a command's work in a session made from the global options, and turns what went wrong into
/// a message on standard error and an exit code (<see cref="ExitCodes"/>).
/// </summary>
/// <remarks><paramref name="terminal"/>: whether <paramref name="output"/> is a terminal; null to detect it.</remarks>
public sealed class CommandRunner(GlobalOptions options, TextReader input, TextWriter output, TextWriter error, bool? terminal = null)
{
    /// <summary>Sets <paramref name="command"/>'s action to <paramref name="work"/>, run through <see cref="RunAsync"/>.</summary>
    public void Handle(Command command, Func<ParseResult, CliSession, CancellationToken, Task> work) =>
        command.SetAction((parse, cancellationToken) => RunAsync(parse, work, cancellationToken));

    /// <summary>Runs <paramref name="work"/>; returns its exit code.</summary>
    public async Task<int> RunAsync(ParseResult parse, Func<ParseResult, CliSession, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        try
        {
            var cliOutput = new CliOutput(output, error, parse.GetValue(options.Output) == "json", terminal);
            string? apiKey = parse.GetValue(options.ApiKey) ?? Environment.GetEnvironmentVariable(GlobalOptions.ApiKeyVariable);
            using var session = new CliSession(options.Gateways(parse), apiKey, cliOutput, input);
            await work(parse, session, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (SchedulerApiException e)
        {
            await WriteProblemAsync(e).ConfigureAwait(false);
            return (int)e.StatusCode >= 500 ? ExitCodes.GatewayFailed : ExitCodes.Refused;
        }
        catch (NotFoundException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return ExitCodes.Refused;
        }
        catch (HttpRequestException e)
        {
            // GatewayUnreachableException names every gateway tried; any other is a connection lost mid-answer.
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return ExitCodes.Unreachable;
        }
        catch (JsonException e)
        {
            await error.WriteLineAsync("The gateway's answer could not be read: " + e.Message).ConfigureAwait(false);
            return ExitCodes.GatewayFailed;
        }
    }

    private async Task WriteProblemAsync(SchedulerApiException e)
    {
        await error.WriteLineAsync($"{(int)e.StatusCode} {e.Title ?? e.StatusCode.ToString()}").ConfigureAwait(false);
        if (e.Detail is not null) await error.WriteLineAsync(e.Detail).ConfigureAwait(false);
        // The gateway's detail often is the field errors already, one "field: message" a line: say each once.
        var said = new HashSet<string>((e.Detail ?? "").Split('\n', StringSplitOptions.TrimEntries), StringComparer.Ordinal);
        foreach (var (field, messages) in e.Errors)
        {
            foreach (string message in messages)
            {
                string line = $"{field}: {message}";
                if (said.Add(line)) await error.WriteLineAsync(line).ConfigureAwait(false);
            }
        }
        if (e.StatusCode == HttpStatusCode.Unauthorized) await error.WriteLineAsync($"Give the key with --api-key or ${GlobalOptions.ApiKeyVariable}.").ConfigureAwait(false);
        if (e.StatusCode == HttpStatusCode.Forbidden)
            await error.WriteLineAsync($"The API key given (--api-key or ${GlobalOptions.ApiKeyVariable}) may not do this: use a key with the admin role.").ConfigureAwait(false);
    }
}
