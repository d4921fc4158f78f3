using Gateway.Fax.Hdlc;
using Gateway.Fax.T30;
using Gateway.Fax.T30.Frames;
using Gateway.Fax.T38;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gateway.Fax.Tests.T38;

/// <summary>
/// Bounded mutation fuzzing of every parser fed from the network: valid seeds are flipped, truncated,
/// extended and spliced; decoders must return typed errors, never throw or loop. Execution counts go to
/// the test output (and docs/fax-t30-t38.md).
/// </summary>
public class ParserFuzzTests(ITestOutputHelper output)
{
    private const int Executions = 20_000;

    private static byte[] Mutate(Random rng, byte[] seed)
    {
        var data = new List<byte>(seed);
        var rounds = rng.Next(1, 6);
        for (var r = 0; r < rounds; r++)
        {
            switch (rng.Next(6))
            {
                case 0 when data.Count > 0:
                    var i = rng.Next(data.Count);
                    data[i] ^= (byte)(1 << rng.Next(8));
                    break;
                case 1 when data.Count > 0:
                    data[rng.Next(data.Count)] = (byte)rng.Next(256);
                    break;
                case 2 when data.Count > 0:
                    var at = rng.Next(data.Count);
                    data.RemoveRange(at, Math.Min(data.Count - at, 1 + rng.Next(8)));
                    break;
                case 3:
                    data.Insert(rng.Next(data.Count + 1), (byte)rng.Next(256));
                    break;
                case 4 when data.Count > 0:
                    var keep = rng.Next(data.Count);
                    data.RemoveRange(keep, data.Count - keep);
                    break;
                default:
                    data.AddRange(Enumerable.Range(0, rng.Next(4)).Select(_ => (byte)rng.Next(256)));
                    break;
            }
        }
        return [.. data];
    }

    private static List<byte[]> IfpSeeds() =>
    [
        IfpCodec.Encode(IfpPacket.ForIndicator(T38Indicator.V21Preamble), 2),
        IfpCodec.Encode(IfpPacket.ForIndicator(T38Indicator.V8Ansam), 2),
        IfpCodec.Encode(IfpPacket.ForData(T38DataType.V21, new IfpField(T38FieldType.HdlcData, new byte[] { 0xFF, 0xC8, 0x01, 0x02 }), new IfpField(T38FieldType.HdlcFcsOkSigEnd)), 2),
        IfpCodec.Encode(IfpPacket.ForData(T38DataType.V17_14400, new IfpField(T38FieldType.T4NonEcmData, new byte[40])), 0),
        IfpCodec.Encode(IfpPacket.ForData(T38DataType.V34PriCh, new IfpField(T38FieldType.CmMessage, new byte[] { 1, 2 }), new IfpField(T38FieldType.HdlcFcsOk), new IfpField(T38FieldType.HdlcSigEnd)), 3),
    ];

    [Fact]
    public void Ifp_decoder_never_throws()
    {
        var rng = new Random(1);
        var seeds = IfpSeeds();
        var decoded = 0;
        for (var n = 0; n < Executions; n++)
        {
            var input = Mutate(rng, seeds[n % seeds.Count]);
            if (IfpCodec.TryDecode(input, n % 4, out var packet, out var error))
            {
                decoded++;
                Assert.Equal(IfpError.None, error);
                Assert.NotNull(packet);
            }
            else
                Assert.NotEqual(IfpError.None, error);
        }
        output.WriteLine($"IFP: {Executions} executions, {decoded} decoded, {Executions - decoded} typed errors");
    }

    [Fact]
    public void Udptl_decoder_and_receiver_never_throw()
    {
        var rng = new Random(2);
        var sender = new UdptlSender(new UdptlOptions());
        var fec = new UdptlSender(new UdptlOptions { ErrorCorrection = UdptlErrorCorrection.Fec });
        var seeds = new List<byte[]>();
        foreach (var ifp in IfpSeeds().Concat(IfpSeeds()))
        {
            seeds.Add(sender.Send(ifp));
            seeds.Add(fec.Send(ifp));
        }
        var receiver = new UdptlReceiver();
        var decoded = 0;
        for (var n = 0; n < Executions; n++)
        {
            var input = Mutate(rng, seeds[n % seeds.Count]);
            if (UdptlCodec.TryDecode(input, out _, out _))
                decoded++;
            receiver.Receive(input, (_, ifp) => Assert.True(ifp.Length <= input.Length));
        }
        output.WriteLine($"UDPTL: {Executions} executions, {decoded} decoded; receiver malformed {receiver.Malformed}, recovered {receiver.Recovered}");
        Assert.Equal(Executions - decoded, receiver.Malformed);
    }

    [Fact]
    public void Hdlc_deframer_never_throws_and_bounds_frames()
    {
        var rng = new Random(3);
        var deframer = new HdlcDeframer(maxFrameOctets: 64);
        long bits = 0, frames = 0, bad = 0;
        for (var n = 0; n < 2_000; n++)
        {
            var encoder = new HdlcBitEncoder();
            encoder.QueueFlags(rng.Next(3));
            var payload = new byte[rng.Next(1, 80)];
            rng.NextBytes(payload);
            encoder.QueueFrame(payload);
            int bit;
            while ((bit = encoder.NextBit()) >= 0)
            {
                // Flip about one bit in 200, insert random runs now and then.
                if (rng.Next(200) == 0)
                    bit ^= 1;
                var r = deframer.Push(bit);
                bits++;
                if (r == HdlcDeframerResult.Frame)
                {
                    frames++;
                    Assert.InRange(deframer.Frame.Length, 1, 64);
                }
                else if (r == HdlcDeframerResult.BadFrame)
                {
                    bad++;
                    Assert.NotEqual(HdlcFrameError.None, deframer.LastError);
                }
            }
            for (var i = rng.Next(20); i > 0; i--, bits++)
                deframer.Push(rng.Next(2));
        }
        output.WriteLine($"HDLC: {bits} bits in 2000 mutated streams, {frames} good frames, {bad} typed errors");
        Assert.True(frames > 0 && bad > 0);
    }

    [Fact]
    public void T38_terminal_survives_random_packets_and_always_ends()
    {
        var rng = new Random(4);
        var seeds = IfpSeeds();
        // Real T.30 frames too, so the session is driven deep into its states.
        foreach (var frame in new[] { new DisFrame().ToFrame(), new DcsFrame().ToFrame(), new T30Frame(T30Fcf.Cfr | 1, []), new T30Frame(T30Fcf.Mcf | 1, []), new PpsFrame(PostPageCommand.Eop, 0, 0, 3).ToFrame(true) })
            seeds.Add(IfpCodec.Encode(IfpPacket.ForData(T38DataType.V21, new IfpField(T38FieldType.HdlcData, BitReverse.ToArray(frame.ToArray())), new IfpField(T38FieldType.HdlcFcsOkSigEnd)), 0));
        var executions = 0;
        for (var call = 0; call < 40; call++)
        {
            var time = new FakeTimeProvider();
            var pages = new Gateway.Fax.Tests.T30.TestPages(new byte[500]);
            var session = call % 2 == 0
                ? new T30Session(new T30Settings { IsCaller = true }, time, source: pages)
                : new T30Session(new T30Settings { IsCaller = false }, time, sink: pages);
            var terminal = new T38Terminal(session, new T38TerminalOptions(), time);
            terminal.Start();
            for (var n = 0; n < 500 && !terminal.IsCompleted; n++, executions++)
            {
                var seed = seeds[rng.Next(seeds.Count)];
                terminal.OnIfp(rng.Next(3) == 0 ? seed : Mutate(rng, seed), n);
                time.Advance(TimeSpan.FromMilliseconds(rng.Next(200)));
                terminal.Tick();
                while (terminal.TryGetPacket(out _)) { }
            }
            // Whatever happened, the timers end the call.
            for (var t = 0; t < 20_000 && !terminal.IsCompleted; t++)
            {
                time.Advance(TimeSpan.FromMilliseconds(100));
                terminal.Tick();
                while (terminal.TryGetPacket(out _)) { }
            }
            Assert.True(terminal.IsCompleted, $"call {call} never ended: {session.Result.Code}");
            Assert.NotEqual(T30CompletionCode.InProgress, session.Result.Code);
        }
        output.WriteLine($"T.38 terminal: {executions} random packets over 40 sessions, all ended with a result");
    }
}
