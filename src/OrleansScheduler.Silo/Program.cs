using Microsoft.Extensions.Options;
using OrleansScheduler.Silo;
using OrleansScheduler.Silo.Demo;

// `dotnet run -- demo [--tasks N]` runs the demo workload against a silo in this process;
// anything else runs an Orleans silo with the task scheduler and its HTTP API until Ctrl-C.
if (DemoCommand.IsDemo(args)) return await DemoCommand.RunAsync(args[1..], Console.Out, Console.Error);

try
{
    await SiloApplication.Create(args).RunAsync();
    return 0;
}
catch (Exception e) when (e is ArgumentException or OptionsValidationException)
{
    // A bad shortcut or setting: say which, without a stack trace.
    await Console.Error.WriteLineAsync(e.Message);
    return 64; // EX_USAGE
}

/// <summary>The entry point; public so tests can host the silo with WebApplicationFactory&lt;Program&gt;.</summary>
public partial class Program;
