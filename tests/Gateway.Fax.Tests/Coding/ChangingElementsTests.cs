using Gateway.Fax.Coding;
using Xunit;

namespace Gateway.Fax.Tests.Coding;

/// <summary>
/// The 64-pel changing-element scan and the b1 search against their definitions (T.4 §4.2.1.3.1), pel by pel,
/// on random rows of every width class: whole words, a partial last word, a partial last octet whose padding
/// pels are set (a row's padding is not part of the row), and very short rows.
/// </summary>
public sealed class ChangingElementsTests
{
    [Fact]
    public void Row_scan_finds_exactly_the_pels_that_differ_from_their_left_neighbour()
    {
        var random = new Random(1234);
        int[] widths = [1, 7, 8, 9, 63, 64, 65, 215, 1728, 1730, 2592, 4864];
        foreach (int width in widths)
        {
            for (int trial = 0; trial < 40; trial++)
            {
                byte[] row = RandomRow(random, width, trial);
                int[] changes = new int[ChangingElements.Capacity(width)];

                int count = ChangingElements.FromRow(row, width, changes);

                int[] expected = Naive(row, width);
                Assert.Equal(expected, changes.AsSpan(0, count).ToArray());
                Assert.Equal([width, width, width], changes.AsSpan(count, 3).ToArray());
                byte[] redrawn = new byte[row.Length];
                ChangingElements.ToRow(changes, count, width, redrawn);
                for (int x = 0; x < width; x++)
                {
                    Assert.Equal(Pel(row, x), Pel(redrawn, x));
                }
            }
        }
    }

    [Fact]
    public void B1_search_from_a_hint_matches_the_search_from_the_start()
    {
        var random = new Random(99);
        const int width = 1728;
        for (int trial = 0; trial < 200; trial++)
        {
            int[] reference = new int[ChangingElements.Capacity(width)];
            int count = ChangingElements.FromRow(RandomRow(random, width, trial), width, reference);
            int hint = random.Next(0, count + 2);
            int a0 = random.Next(-1, width);
            bool black = random.Next(2) == 1;

            int found = ChangingElements.FindB1(reference, a0, black, width, ref hint);

            // b1: the first change right of a0 whose index parity gives the colour opposite a0's.
            int i = black ? 1 : 0;
            while (reference[i] <= a0 && reference[i] < width)
            {
                i += 2;
            }

            Assert.Equal(i, found);
            Assert.Equal(found, hint);
        }
    }

    private static byte[] RandomRow(Random random, int width, int trial)
    {
        byte[] row = new byte[(width + 7) / 8];
        switch (trial % 4)
        {
            case 0:
                random.NextBytes(row); // dense, padding set at random too
                break;
            case 1:
                // Text-like: a few short black runs on white.
                for (int k = 0; k < 12; k++)
                {
                    int from = random.Next(width);
                    for (int x = from; x < Math.Min(width, from + random.Next(1, 9)); x++)
                    {
                        row[x >> 3] |= (byte)(0x80 >> (x & 7));
                    }
                }

                break;
            case 2:
                Array.Fill(row, (byte)0xFF); // all black, padding black as well
                break;
            default:
                break; // all white
        }

        return row;
    }

    private static int[] Naive(byte[] row, int width)
    {
        var changes = new List<int>();
        bool previous = false;
        for (int x = 0; x < width; x++)
        {
            if (Pel(row, x) != previous)
            {
                changes.Add(x);
                previous = !previous;
            }
        }

        return [.. changes];
    }

    private static bool Pel(byte[] row, int x) => (row[x >> 3] & (0x80 >> (x & 7))) != 0;
}
