// A witness that follows Truce's ledger through its C2SP tlog-tiles, with Go's
// golang.org/x/mod/sumdb/tlog and note packages (the checksum database's client code),
// an implementation independent of Truce's.
//
//	go run main.go -url http://127.0.0.1:8000 -key mission.pub [-tamper]
//
// It fetches /ledger/checkpoint, verifies its Ed25519 signature with the mission's signed-note
// verifier key, then reads the tree's tiles through tlog.TileHashReader, which checks every
// tile against the checkpoint's root, recomputes the root (tlog.TreeHash), and proves and
// checks the inclusion of every entry of the first entry bundle. With -tamper it flips one
// bit of each tile it downloads: the check must then fail. Exit 0 and "ok SIZE" on success.
package main

import (
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type tiles struct {
	base   string
	tamper bool
}

func (t *tiles) Height() int { return 8 }

// c2spPath drops the height element of Go's "tile/H/L/N[.p/W]": C2SP serves "tile/L/N[.p/W]".
func c2spPath(tile tlog.Tile) string {
	parts := strings.SplitN(tile.Path(), "/", 3)
	return "tile/" + parts[2]
}

func get(url string) ([]byte, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != 200 {
		return nil, fmt.Errorf("GET %s: %d %s", url, resp.StatusCode, body)
	}
	return body, nil
}

func (t *tiles) ReadTiles(list []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(list))
	for i, tile := range list {
		data, err := get(t.base + "/ledger/" + c2spPath(tile))
		if err != nil {
			return nil, err
		}
		if t.tamper && len(data) > 0 {
			data[len(data)/2] ^= 1
		}
		out[i] = data
	}
	return out, nil
}

func (t *tiles) SaveTiles([]tlog.Tile, [][]byte) {}

func run() error {
	url := flag.String("url", "", "server base URL")
	keyFile := flag.String("key", "", "the mission's verifier key file (.pub)")
	tamper := flag.Bool("tamper", false, "flip a bit of each tile read")
	flag.Parse()
	key, err := os.ReadFile(*keyFile)
	if err != nil {
		return err
	}
	verifier, err := note.NewVerifier(strings.TrimSpace(string(key)))
	if err != nil {
		return err
	}
	raw, err := get(*url + "/ledger/checkpoint")
	if err != nil {
		return err
	}
	n, err := note.Open(raw, note.VerifierList(verifier))
	if err != nil {
		return fmt.Errorf("checkpoint signature: %w", err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 {
		return errors.New("checkpoint body too short")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		return err
	}
	rootBytes, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(rootBytes) != tlog.HashSize {
		return errors.New("bad root hash line")
	}
	var root tlog.Hash
	copy(root[:], rootBytes)
	reader := tlog.TileHashReader(tlog.Tree{N: size, Hash: root}, &tiles{*url, *tamper})
	got, err := tlog.TreeHash(size, reader)
	if err != nil {
		return fmt.Errorf("tree hash: %w", err)
	}
	if got != root {
		return fmt.Errorf("root mismatch: checkpoint %x, tiles %x", root, got)
	}
	return checkEntries(*url, size, root, reader)
}

// checkEntries proves every entry of the first bundle included in the checkpoint's tree.
func checkEntries(url string, size int64, root tlog.Hash, reader tlog.HashReader) error {
	width := size
	path := "tile/entries/000"
	if width < 256 {
		path += ".p/" + strconv.FormatInt(width, 10)
	} else {
		width = 256
	}
	bundle, err := get(url + "/ledger/" + path)
	if err != nil {
		return err
	}
	for i := int64(0); i < width; i++ {
		if len(bundle) < 2 {
			return fmt.Errorf("entry bundle ends before entry %d", i)
		}
		length := int(bundle[0])<<8 | int(bundle[1])
		if len(bundle) < 2+length {
			return fmt.Errorf("entry %d is cut short", i)
		}
		entry := bundle[2 : 2+length]
		bundle = bundle[2+length:]
		proof, err := tlog.ProveRecord(size, i, reader)
		if err != nil {
			return fmt.Errorf("prove entry %d: %w", i, err)
		}
		if err := tlog.CheckRecord(proof, size, root, i, tlog.RecordHash(entry)); err != nil {
			return fmt.Errorf("entry %d: %w", i, err)
		}
	}
	if len(bundle) != 0 {
		return errors.New("entry bundle has bytes after its last entry")
	}
	fmt.Printf("ok %d\n", size)
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "witness:", err)
		os.Exit(1)
	}
}
