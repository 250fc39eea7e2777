using OrleansScheduler.Silo.Demo;
using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

/// <summary>`demo mapreduce` run in-process against a test silo: the same code `dotnet run -- demo mapreduce` runs.</summary>
public sealed class MapReduceDemoTests(InMemorySiloFixture silo) : IClassFixture<InMemorySiloFixture>
{
    [Fact]
    public async Task the_map_reduce_demo_prints_the_sum_its_children_and_that_it_matches_the_closed_form()
    {
        var output = new StringWriter();

        int exit = await new MapReduceDemo(silo.Client, output).RunAsync(new MapReduceOptions { N = 100_000, Chunk = 1_000, Timeout = TimeSpan.FromSeconds(60) });

        Assert.True(exit == 0, $"the demo should succeed:\n{output}");
        Assert.Contains("Sum of squares of 1..100,000 = 333338333350000", output.ToString());
        Assert.Contains("Children: 100;", output.ToString());
        Assert.Contains("Checked against N(N+1)(2N+1)/6 = 333338333350000: correct.", output.ToString());
    }

    [Theory]
    [InlineData("--chunk", "0", "--chunk needs a number greater than 0.")]
    [InlineData("--n", "lots", "--n needs a number from 1 to 1000000000000.")]
    [InlineData("--chunk", "1", "makes 1000000 children; the demo allows up to 100000")]
    public async Task bad_map_reduce_arguments_exit_64_naming_the_option_before_any_silo_starts(string option, string value, string says)
    {
        var error = new StringWriter();

        int exit = await DemoCommand.RunAsync(["mapreduce", option, value], TextWriter.Null, error);

        Assert.Equal(64, exit);
        Assert.Contains(says, error.ToString());
    }
}
