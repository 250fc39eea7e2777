using OrleansScheduler.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

public sealed class InMemoryCancellationTests(ITestOutputHelper output) : CancellationTests(() => new InMemoryClusterStorage(), output);
