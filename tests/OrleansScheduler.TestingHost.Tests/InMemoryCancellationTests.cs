using Xunit.Abstractions;

namespace OrleansScheduler.TestingHost.Tests;

public sealed class InMemoryCancellationTests(ITestOutputHelper output) : CancellationTests(b => b.UseInMemory(), output);
