using Microsoft.Extensions.Options;

namespace OrleansScheduler.Gateway;

/// <summary>
/// The gateway's entry point: the scheduler's HTTP API, served by calling the cluster's grains from a
/// process that is only an Orleans client. A named class (not top-level statements) so tests can host it
/// beside the silo's <c>Program</c> with <c>WebApplicationFactory&lt;GatewayProgram&gt;</c>.
/// </summary>
public sealed class GatewayProgram
{
    /// <summary>Runs the gateway until it is stopped; 64 for a bad shortcut or setting.</summary>
    public static async Task<int> Main(string[] args)
    {
        try
        {
            await GatewayApplication.Create(args).RunAsync();
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or OptionsValidationException)
        {
            // A bad shortcut or setting: say which, without a stack trace.
            await Console.Error.WriteLineAsync(e.Message);
            return 64; // EX_USAGE
        }
    }
}
