package io.constellation.common.corpus;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvReaderTest {

    private static List<CsvRecord> readAll(String text) throws IOException {
        List<CsvRecord> out = new ArrayList<>();
        try (CsvReader r = new CsvReader(new StringReader(text))) {
            for (CsvRecord rec = r.next(); rec != null; rec = r.next()) {
                out.add(rec);
            }
        }
        return out;
    }

    @Test
    void plainFieldsAndEveryLineEndingSplitRecords() throws IOException {
        List<CsvRecord> recs = readAll("a,b\r\nc,d\ne,f\rg,h");
        assertEquals(4, recs.size());
        assertEquals(List.of("a", "b"), recs.get(0).fields());
        assertEquals(List.of("g", "h"), recs.get(3).fields());
        assertEquals(List.of(1L, 2L, 3L, 4L), recs.stream().map(CsvRecord::line).toList());
    }

    @Test
    void quotedFieldsKeepCommasDoubledQuotesAndLineBreaks() throws IOException {
        List<CsvRecord> recs = readAll("\"a,b\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\nnext,row\r\n");
        assertEquals(2, recs.size());
        assertEquals(List.of("a,b", "say \"hi\"", "two\r\nlines"), recs.get(0).fields());
        assertEquals(2, recs.get(1).fields().size());
        assertEquals(3, recs.get(1).line(), "the second record starts after the two physical lines of the first");
    }

    @Test
    void emptyFieldsAndTrailingCommaAreFields() throws IOException {
        CsvRecord r = readAll(",\"\",x,\n").get(0);
        assertEquals(List.of("", "", "x", ""), r.fields());
        assertTrue(r.ok());
    }

    @Test
    void finalNewlineDoesNotMakeAnEmptyRecordButABlankLineInsideDoes() throws IOException {
        assertEquals(1, readAll("a,b\n").size());
        List<CsvRecord> recs = readAll("a\n\nb\n");
        assertEquals(3, recs.size());
        assertEquals(List.of(""), recs.get(1).fields());
        assertEquals(0, readAll("").size());
    }

    @Test
    void unterminatedQuoteIsReportedAtTheLineWhereTheRecordStarts() throws IOException {
        List<CsvRecord> recs = readAll("ok,1\nbad,\"never closed\nmore\n");
        assertEquals(2, recs.size());
        assertTrue(recs.get(0).ok());
        assertEquals(2, recs.get(1).line());
        assertEquals("unterminated quote", recs.get(1).error());
    }

    @Test
    void malformedQuotingCostsOnlyItsOwnLine() throws IOException {
        List<CsvRecord> recs = readAll("a\"b,c\n\"x\"y,z\nfine,row\n");
        assertEquals(3, recs.size());
        assertEquals("quote inside an unquoted field", recs.get(0).error());
        assertEquals("text after closing quote", recs.get(1).error());
        assertEquals(List.of("fine", "row"), recs.get(2).fields());
        assertEquals(3, recs.get(2).line());
        assertNull(recs.get(2).error());
    }

    @Test
    void realMessyRowsOfTheBillboardFilesParseAsSixFields() throws IOException {
        // Verbatim rows of the bundled files (CRLF records; the Royce row holds a bare LF inside quotes).
        String text = "title,artist,first_chart_week,last_chart_week,peak_position,weeks_on_chart\r\n"
                + "\"Ain't Nobody (From Beavis And Butt-Head Do America\"\")\"\"\",LL Cool J,1997-01-04,1997-03-08,46,11\r\n"
                + "\"Lawrence Welk's Hits Of Our Time\"\"\"\"\",Lawrence Welk,1967-04-15,1967-08-26,72,18\r\n"
                + "\"Music From A Fistful Of Dollars\"\" & \"\"For A Few Dollars More\"\" & \"\"The Good\",\"T\"\"\",1968-02-17,1968-11-09,0,145\r\n"
                + "Death Is Certain,\"Royce da 5'9\"\",161,0,161,1,True\n2004-03-13,Pau-Latina\"\"\",2004-03-13,2004-03-13,135,105\r\n"
                + "Bittersweet Me,R.E.M.,1997-01-04,1997-02-01,46,12\r\n";
        List<CsvRecord> recs = readAll(text);
        assertEquals(6, recs.size());
        recs.forEach(r -> assertEquals(6, r.fields().size(), "line " + r.line()));
        assertEquals("Ain't Nobody (From Beavis And Butt-Head Do America\")\"", recs.get(1).fields().get(0));
        assertEquals("Lawrence Welk's Hits Of Our Time\"\"", recs.get(2).fields().get(0));
        assertEquals("T\"", recs.get(3).fields().get(1));
        assertEquals("Royce da 5'9\",161,0,161,1,True\n2004-03-13,Pau-Latina\"", recs.get(4).fields().get(1));
        assertEquals(5, recs.get(4).line());
        assertEquals(7, recs.get(5).line());
        assertFalse(recs.stream().anyMatch(r -> !r.ok()));
    }
}
