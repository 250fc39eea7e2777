namespace OrleansScheduler.Cli;

/// <summary>The <c>osched</c> executable: the command line on the process's standard streams.</summary>
internal static class Program
{
    private static Task<int> Main(string[] args) => OschedCli.RunAsync(args, Console.In, Console.Out, Console.Error);
}
