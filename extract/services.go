package extract

// serviceSpecs declares every ISB service p3dn recognises: its fields as
// "name:kind" (kinds: id, str, int, num, money, date, ts, bool; a trailing
// "!" marks the business key a record cannot be loaded without). The field
// lists were taken from the real Kab. Bandung 2025 dumps (LKPP_FORMATS.md
// appendix A); SPSE-TenderEkontrak-4BAPBAST mirrors its non-tender twin;
// Ecat-PaketEPurchasing (e-Katalog v5, one row per package and product
// line) follows the documented field list of LKPP_FORMATS.md §2.4, as no
// real v5 rows are in the samples.
var serviceSpecs = []struct{ name, fields string }{
	{"Bela-TokoDaringRealisasi",
		"tahun:int kd_klpd:id nama_klpd:str kd_satker:id nama_satker:str order_id:id! " +
			"order_desc:str valuasi:money kategori:str metode_bayar:str tanggal_transaksi:ts " +
			"marketplace:str merchant_name:str jenis_transaksi:str kota_kab:str provinsi:str " +
			"nama_pemesan:str status_verif:str sumber_data:str status_konfirmasi_ppmse:str " +
			"keterangan_ppmse:str"},
	{"Ecat-InstansiSatker",
		"kd_klpd:id nama_klpd:str jenis_klpd:str kd_satker:id! kd_satker_str:id nama_satker:str"},
	{"Ecat-KomoditasDetail",
		"kd_komoditas:id! nama_komoditas:str jenis_katalog:str nama_instansi_katalog:str " +
			"kd_instansi_katalog:id"},
	{"Ecat-MasterKabKota",
		"kd_kabupaten:id! kd_provinsi:id nama_kabupaten:str"},
	{"Ecat-MasterProvinsi",
		"kd_provinsi:id! nama_provinsi:str"},
	{"Ecat-PaketEPurchasing",
		"tahun_anggaran:int kd_klpd:id satker_id:id nama_satker:str alamat_satker:str npwp_satker:id " +
			"kd_paket:id! no_paket:id nama_paket:str kd_rup:id nama_sumber_dana:str kode_anggaran:id " +
			"kd_komoditas:id kd_produk:id! kd_penyedia:id kd_penyedia_distributor:id jml_jenis_produk:int " +
			"kuantitas:num harga_satuan:money ongkos_kirim:money total_harga:money kd_user_pokja:id " +
			"no_telp_user_pokja:id email_user_pokja:str kd_user_ppk:id ppk_nip:id jabatan_ppk:str " +
			"tanggal_buat_paket:ts tanggal_edit_paket:ts deskripsi:str status_paket:str paket_status_str:str " +
			"catatan_produk:str kd_provinsi_wilayah_harga:id kd_kabupaten_wilayah_harga:id"},
	{"Ecat-PaketEPurchasingV6",
		"tahun_anggaran:int jenis_instansi:str nama_instansi:str nama_satker:str kd_klpd:id " +
			"kd_satker_str:id kd_paket:id! kd_rup:id rup_nama_pkt:str product_ids:id sumber_dana:str " +
			"mak:id kd_penyedia_v6:id kd_penyedia_sikap:id jml_jenis_produk:int jml_produk:num " +
			"ongkir:money total_harga:money tgl_order:date status_pkt:str status_pengiriman:str"},
	{"Ecat-PenyediaDetail",
		"kd_penyedia:id! nama_penyedia:str kode_penyedia_sikap:id penyedia_ukm:str " +
			"alamat_penyedia:str email_penyedia:str no_telp_penyedia:id npwp_penyedia:id npwp_16:id " +
			"kbli2020_penyedia:id"},
	{"Ecat-PenyediaDistributorDetail",
		"kd_penyedia_distributor:id! nama_distributor:str alamat_distributor:str " +
			"email_distributor:str no_telp_distributor:id npwp_distributor:id"},
	{"Ecat-ProdukDetail",
		"kd_produk:id! no_kontrak:id nama_penyedia:str no_produk:id no_produk_penyedia:id " +
			"nama_manufaktur:str nama_produk:str nama_kategori_terkecil:str nama_sub_kategori_1:str " +
			"nama_sub_kategori_2:str nama_sub_kategori_3:str nama_sub_kategori_4:str harga:str " +
			"nama_komoditas:str jumlah_stok:num setuju_tolak_tanggal:ts berlaku_sampai:date " +
			"unit_pengukuran:str jenis_produk:str kbki_id:id nomor_tkdn:id " +
			"nama_pemilik_sertifikat_tkdn:str tkdn_produk:num nilai_bmp:num masa_berlaku_kontrak:str " +
			"tglkontrak_mulai:date tglkontrak_selesai:str nie_id:id nie_nib:id nie_nama_usaha:str " +
			"nie_npwp:id nie_klasifikasi_izin:str nie_tgl_terbit:str nie_tgl_expire:str " +
			"nie_nama_produk:str nie_kategori:str nie_sub_kategori:str nie_jenis_produk:str " +
			"nie_hscode:id nie_kelas:str nie_kelas_resiko:str nie_ukuran:str nie_kemasan:str " +
			"nie_nama_pabrik:str nie_negara_pabrik:str nie_alamat_pabrik:str nie_last_update:str " +
			"no_suket_alkes:id kd_produk_kategori:id active:int created_date:ts modified_date:ts " +
			"status:str status_tayang:str apakah_dapat_dibeli:str nie:str"},
	{"Ecat-UserPegawai",
		"kd_user_pegawai:id! kd_klpd:id kd_satker:id nama_lengkap:str nip_pegawai:id " +
			"jabatan_pegawai:str"},
	{"RUP-KegiatanMaster",
		"tahun_anggaran:int kd_klpd:id nama_klpd:str jenis_klpd:str kd_satker:id kd_program:id " +
			"kd_kegiatan:id! kd_kegiatan_str:id nama_kegiatan:str pagu_kegiatan:money " +
			"kd_kegiatan_lokal:id is_deleted:bool _event_date:date"},
	{"RUP-MasterKabKota",
		"kd_provinsi:id kd_kabkota:id! nama_kabkota:str"},
	{"RUP-MasterProvinsi",
		"kd_provinsi:id! nama_provinsi:str"},
	{"RUP-MasterSatker",
		"kd_satker:id! kd_satker_str:id nama_satker:str alamat:str telepon:id fax:id kodepos:id " +
			"status_satker:str ket_satker:str jenis_satker:str kd_klpd:id nama_klpd:str jenis_klpd:str " +
			"kode_eselon:id"},
	{"RUP-PaketAnggaranPenyedia",
		"tahun_anggaran:int kd_klpd:id nama_klpd:str jenis_klpd:str kd_satker:id kd_satker_str:id " +
			"nama_satker:str kd_rup:id! kd_rup_lokal:id kd_kegiatan:id kd_komponen:id kd_subkegiatan:id " +
			"pagu:money mak:id sumber_dana:str asal_dana:id tahun_anggaran_dana:int asal_dana_klpd:str " +
			"asal_dana_satker:str status_aktif_rup:bool status_delete_rup:bool status_umumkan_rup:str " +
			"_event_date:date"},
	{"RUP-PaketAnggaranSwakelola",
		"tahun_anggaran:int kd_klpd:id nama_klpd:str jenis_klpd:str kd_satker:id kd_satker_str:id " +
			"nama_satker:str kd_rup:id! kd_rup_lokal:id kd_kegiatan:id kd_komponen:id kd_subkegiatan:id " +
			"pagu:money mak:id sumber_dana:str asal_dana:id tahun_anggaran_dana:int asal_dana_klpd:str " +
			"asal_dana_satker:str status_aktif_rup:bool status_delete_rup:bool status_umumkan_rup:str " +
			"_event_date:date"},
	{"RUP-PaketPenyedia-Terumumkan",
		"tahun_anggaran:int kd_klpd:id nama_klpd:str jenis_klpd:str kd_satker:id kd_satker_str:id " +
			"nama_satker:str kd_rup:id! nama_paket:str pagu:money kd_metode_pengadaan:id " +
			"metode_pengadaan:str kd_jenis_pengadaan:id jenis_pengadaan:str status_pradipa:str " +
			"status_pdn:str status_ukm:str alasan_non_ukm:str status_konsolidasi:str tipe_paket:str " +
			"kd_rup_swakelola:id kd_rup_lokal:id volume_pekerjaan:str urarian_pekerjaan:str " +
			"spesifikasi_pekerjaan:str tgl_awal_pemilihan:date tgl_akhir_pemilihan:date " +
			"tgl_awal_kontrak:date tgl_akhir_kontrak:date tgl_awal_pemanfaatan:date " +
			"tgl_akhir_pemanfaatan:date tgl_buat_paket:date tgl_pengumuman_paket:ts nip_ppk:id " +
			"nama_ppk:str username_ppk:id status_aktif_rup:bool status_delete_rup:bool " +
			"status_umumkan_rup:str status_dikecualikan:bool alasan_dikecualikan:str tahun_pertama:int " +
			"kode_rup_tahun_pertama:id nomor_kontrak:id spp_aspek_ekonomi:bool spp_aspek_sosial:bool " +
			"spp_aspek_lingkungan:bool _event_date:date"},
	{"RUP-PaketPenyediaLokasi",
		"tahun_anggaran:int kd_klpd:id nama_klpd:str jenis_klpd:str kd_satker:id kd_satker_str:id " +
			"nama_satker:str kd_rup:id! detail_lokasi:str kd_kab_kota:id kab_kota:str kd_provinsi:id " +
			"provinsi:str _event_date:date"},
	{"RUP-PaketSwakelola-Terumumkan",
		"tahun_anggaran:int kd_klpd:id nama_klpd:str jenis_klpd:str kd_satker:id kd_satker_str:id " +
			"nama_satker:str kd_rup:id! nama_paket:str pagu:money tipe_swakelola:int " +
			"volume_pekerjaan:str uraian_pekerjaan:str kd_klpd_penyelenggara:id " +
			"nama_klpd_penyelenggara:str nama_satker_penyelenggara:str " +
			"tgl_awal_pelaksanaan_kontrak:date tgl_akhir_pelaksanaan_kontrak:date tgl_buat_paket:date " +
			"tgl_pengumuman_paket:ts nip_ppk:id nama_ppk:str username_ppk:id kd_rup_lokal:id " +
			"status_aktif_rup:bool status_delete_rup:bool status_umumkan_rup:str _event_date:date"},
	{"RUP-PaketSwakelolaLokasi",
		"tahun_anggaran:int kd_klpd:id nama_klpd:str jenis_klpd:str kd_satker:id kd_satker_str:id " +
			"nama_satker:str kd_rup:id! detail_lokasi:str kd_kab_kota:id kab_kota:str kd_provinsi:id " +
			"provinsi:str _event_date:date"},
	{"RUP-ProgramMaster",
		"tahun_anggaran:int kd_klpd:id nama_klpd:str jenis_klpd:str kd_satker:id kd_program:id! " +
			"kd_program_str:id nama_program:str pagu_program:money kd_program_lokal:id is_deleted:bool " +
			"_event_date:date"},
	{"RUP-StrukturAnggaranPD",
		"tahun_anggaran:int kd_klpd:id nama_klpd:str kd_satker:id! kd_satker_str:id nama_satker:str " +
			"belanja_operasi:money belanja_modal:money belanja_btt:money belanja_non_pengadaan:money " +
			"belanja_pengadaan:money total_belanja:money"},
	{"SPSE-JadwalTahapanTender",
		"tahun_anggaran:int kd_klpd:id kd_satker:id kd_satker_str:id kd_lpse:id kd_tender:id! " +
			"kd_tahapan:id nama_tahapan:str kd_akt:id nama_akt:str tgl_awal:ts tgl_akhir:ts " +
			"_event_date:date"},
	{"SPSE-NonTenderEkontrak-1SPPBJ",
		"tahun_anggaran:int kd_klpd:id nama_klpd:str jenis_klpd:str kd_satker:id kd_satker_str:id " +
			"nama_satker:str alamat_satker:str kd_lpse:id kd_nontender:id! nama_paket:str " +
			"mtd_pengadaan:str no_sppbj:id lampiran_sppbj:str tgl_sppbj:ts kota_sppbj:str nip_ppk:id " +
			"nama_ppk:str jabatan_ppk:str nama_penyedia:str npwp_penyedia:id npwp_penyedia_16:id " +
			"harga_final:money nilai_jaminan_pelaksanaan:money masa_berlaku_jaminan:int " +
			"status_kontrak:str tgl_penetapan_status_kontrak:ts alasan_penetapan_status_kontrak:str " +
			"apakah_addendum:str versi_addendum:int alasan_addendum:str _event_date:date"},
	{"SPSE-NonTenderEkontrak-2Kontrak",
		"tahun_anggaran:int kd_klpd:id nama_klpd:str jenis_klpd:str kd_satker:id kd_satker_str:id " +
			"nama_satker:str alamat_satker:str kd_lpse:id kd_nontender:id! nama_paket:str " +
			"mtd_pengadaan:str lingkup_pekerjaan:str no_sppbj:id no_kontrak:id tgl_kontrak:date " +
			"tgl_kontrak_awal:date tgl_kontrak_akhir:date kota_kontrak:str nip_ppk:id nama_ppk:str " +
			"jabatan_ppk:str no_sk_ppk:id nama_penyedia:str npwp_penyedia:id npwp16_penyedia:id " +
			"bentuk_usaha_penyedia:str tipe_penyedia:str anggota_kso:str wakil_sah_penyedia:str " +
			"jabatan_wakil_penyedia:str nama_rek_bank:str no_rek_bank:id nama_pemilik_rek_bank:str " +
			"nilai_kontrak:money alasan_ubah_nilai_kontrak:str alasan_nilai_kontrak_10_persen:str " +
			"nilai_pdn_kontrak:money nilai_umk_kontrak:money jenis_kontrak:str informasi_lainnya:str " +
			"status_kontrak:str tgl_penetapan_status_kontrak:ts alasan_penetapan_status_kontrak:str " +
			"apakah_addendum:str versi_addendum:int alasan_addendum:str"},
	{"SPSE-NonTenderEkontrak-3SPMKSPP",
		"tahun_anggaran:int kd_klpd:id nama_klpd:str jenis_klpd:str kd_satker:id kd_satker_str:id " +
			"nama_satker:str alamat_satker:str kd_lpse:id kd_nontender:id! nama_paket:str " +
			"mtd_pengadaan:str no_sppbj:id no_kontrak:id tgl_kontrak:date no_spmk_spp:id " +
			"tgl_spmk_spp:date tgl_mulai_pekerjaan:date tgl_selesai_pekerjaan:date " +
			"waktu_penyelesaian:str kota_spmk_spp:str alamat_pengiriman:str nip_ppk:id nama_ppk:str " +
			"jabatan_ppk:str nama_penyedia:str alamat_penyedia:str npwp_penyedia:id npwp_16_penyedia:id " +
			"wakil_sah_penyedia:str jabatan_wakil_penyedia:str status_kontrak:str " +
			"tgl_penetapan_status_kontrak:ts alasan_penetapan_status_kontrak:str apakah_addendum:str " +
			"versi_addendum:int alasan_addendum:str _event_date:date"},
	{"SPSE-NonTenderEkontrak-4BAPBAST",
		"tahun_anggaran:int kd_klpd:id nama_klpd:str jenis_klpd:str kd_satker:id kd_satker_str:id " +
			"nama_satker:str alamat_satker:str kd_lpse:id kd_nontender:id! nama_paket:str " +
			"mtd_pengadaan:str lingkup_pekerjaan:str no_sppbj:id no_kontrak:id tgl_kontrak:date " +
			"nilai_kontrak:money nip_ppk:id nama_ppk:str jabatan_ppk:str no_sk_ppk:id " +
			"jabatan_penandatangan_sk:str nama_penyedia:str alamat_penyedia:str npwp_penyedia:id " +
			"npwp_16_penyedia:id wakil_sah_penyedia:str jabatan_wakil_penyedia:str no_bast:id " +
			"tgl_bast:date no_bap:id tgl_bap:date besar_pembayaran:money progres_pekerjaan:num " +
			"cara_pembayaran_kontrak:str status_kontrak:str tgl_penetapan_status_kontrak:ts " +
			"alasan_penetapan_status_kontrak:str apakah_addendum:str versi_addendum:int " +
			"alasan_addendum:str _event_date:date _inserted_date:ts"},
	{"SPSE-NonTenderPengumuman",
		"tahun_anggaran:int kd_klpd:id nama_klpd:str jenis_klpd:str kd_satker:id kd_satker_str:id " +
			"nama_satker:str lls_id:id kd_lpse:id nama_lpse:str kd_nontender:id! kd_pkt_dce:id " +
			"kd_rup:id nama_paket:str pagu:money hps:money sumber_dana:str mak:id kualifikasi_paket:str " +
			"jenis_pengadaan:str mtd_pemilihan:str kontrak_pembayaran:str status_nontender:str " +
			"versi_nontender:int ket_diulang:str ket_ditutup:str tgl_buat_paket:ts " +
			"tgl_kolektif_kolegial:ts tgl_pengumuman_nontender:ts nip_nama_ppk:id nip_nama_pokja:id " +
			"nip_nama_pp:id url_lpse:str repeat_order:str"},
	{"SPSE-NonTenderSelesai",
		"tahun_anggaran:int lpse_id:id kd_klpd:id nama_klpd:str jenis_klpd:str kd_satker:id " +
			"kd_satker_str:id nama_satker:str kd_lpse:id nama_lpse:str kd_nontender:id! kd_pkt_dce:id " +
			"kd_rup:id nama_paket:str pagu:money hps:money nilai_penawaran:money nilai_terkoreksi:money " +
			"nilai_negosiasi:money nilai_kontrak:money nilai_pdn_kontrak:money nilai_umk_kontrak:money " +
			"sumber_dana:str mak:id kualifikasi_paket:str jenis_pengadaan:str mtd_pemilihan:str " +
			"kontrak_pembayaran:str status_nontender:str tgl_pengumuman_nontender:ts " +
			"tgl_selesai_nontender:ts kd_penyedia:id nama_penyedia:str npwp_penyedia:id " +
			"npwp16_penyedia:id url_lpse:str tgl_penarikan:date"},
	{"SPSE-PencatatanNonTender",
		"tahun_anggaran:int kd_klpd:id nama_klpd:str jenis_klpd:str kd_satker:id kd_satker_str:id " +
			"nama_satker:str kd_lpse:id kd_nontender_pct:id! kd_pkt_dce:id kd_rup:id nama_paket:str " +
			"pagu:money total_realisasi:money nilai_pdn_pct:money nilai_umk_pct:money sumber_dana:str " +
			"uraian_pekerjaan:str informasi_lainnya:str kategori_pengadaan:str mtd_pemilihan:str " +
			"bukti_pembayaran:str status_nontender_pct:str status_nontender_pct_ket:str " +
			"alasan_pembatalan:str nip_ppk:id nama_ppk:str tgl_buat_paket:ts tgl_mulai_paket:ts " +
			"tgl_selesai_paket:date _event_date:date"},
	{"SPSE-PencatatanNonTenderRealisasi",
		"tahun_anggaran:int kd_klpd:id nama_klpd:str jenis_klpd:str kd_satker:id kd_satker_str:id " +
			"nama_satker:str kd_lpse:id nama_lpse:str kd_nontender_pct:id! kd_paket_dce:id " +
			"kd_rup_paket:id nama_paket:str pagu:money jenis_realisasi:str no_realisasi:id " +
			"tgl_realisasi:date nilai_realisasi:money dok_realisasi:str ket_realisasi:str " +
			"nama_penyedia:str npwp_penyedia:id nip_ppk:id nama_ppk:str _event_date:date"},
	{"SPSE-PencatatanSwakelola",
		"tahun_anggaran:int kd_klpd:id nama_klpd:str jenis_klpd:str kd_satker:id kd_satker_str:id " +
			"nama_satker:str kd_rup:id kd_lpse:id kd_swakelola_pct:id! kd_pkt_dce:id nama_paket:str " +
			"pagu:money total_realisasi:money nilai_pdn_pct:money nilai_umk_pct:money sumber_dana:str " +
			"uraian_pekerjaan:str informasi_lainnya:str tipe_swakelola:int tipe_swakelola_nama:str " +
			"status_swakelola_pct:str status_swakelola_pct_ket:str alasan_pembatalan:str nip_ppk:id " +
			"nama_ppk:str tgl_buat_paket:ts tgl_mulai_paket:ts tgl_selesai_paket:date _event_date:date"},
	{"SPSE-PencatatanSwakelolaRealisasi",
		"tahun_anggaran:int kd_klpd:id kd_satker:id kd_lpse:id kd_swakelola_pct:id! " +
			"jenis_realisasi:str no_realisasi:id tgl_realisasi:date nilai_realisasi:money " +
			"dok_realisasi:str ket_realisasi:str nama_pelaksana:str npwp_pelaksana:id nip_ppk:id " +
			"nama_ppk:str _event_date:date"},
	{"SPSE-PesertaTender",
		"tahun_anggaran:int kd_klpd:id kd_satker:id kd_satker_str:id kd_lpse:id kd_tender:id! " +
			"kd_pkt_dce:id kd_peserta:id kd_penyedia:id nama_penyedia:str npwp_penyedia:id " +
			"npwp_penyedia_16:id nilai_penawaran:money nilai_terkoreksi:money pemenang:int " +
			"pemenang_terverifikasi:int alasan:str"},
	{"SPSE-TenderEkontrak-1SPPBJ",
		"tahun_anggaran:int kd_klpd:id nama_klpd:str jenis_klpd:str kd_satker:id kd_satker_str:id " +
			"nama_satker:str alamat_satker:str kd_lpse:id kd_tender:id! nama_paket:str no_sppbj:id " +
			"lampiran_sppbj:str tgl_sppbj:date kota_sppbj:str nip_ppk:id nama_ppk:str jabatan_ppk:str " +
			"nama_penyedia:str npwp_penyedia:id npwp_penyedia_16:id harga_final:money " +
			"nilai_jaminan_pelaksanaan:money masa_berlaku_jaminan:int status_kontrak:str " +
			"tgl_penetapan_status_kontrak:str alasan_penetapan_status_kontrak:str apakah_addendum:str " +
			"versi_addendum:int alasan_addendum:str _event_date:date"},
	{"SPSE-TenderEkontrak-2Kontrak",
		"tahun_anggaran:int kd_klpd:id nama_klpd:str jenis_klpd:str kd_satker:id kd_satker_str:id " +
			"nama_satker:str alamat_satker:str kd_lpse:id kd_tender:id! nama_paket:str " +
			"lingkup_pekerjaan:str no_sppbj:id no_kontrak:id tgl_kontrak:date tgl_kontrak_awal:date " +
			"tgl_kontrak_akhir:date kota_kontrak:str nip_ppk:id nama_ppk:str jabatan_ppk:str " +
			"no_sk_ppk:id kd_penyedia:id nama_penyedia:str npwp_penyedia:id npwp_16_penyedia:id " +
			"bentuk_usaha_penyedia:str tipe_penyedia:str anggota_kso:str wakil_sah_penyedia:str " +
			"jabatan_wakil_penyedia:str nama_rek_bank:str no_rek_bank:id nama_pemilik_rek_bank:str " +
			"nilai_kontrak:money alasan_ubah_nilai_kontrak:str alasan_nilai_kontrak_10_persen:str " +
			"nilai_pdn_kontrak:money nilai_umk_kontrak:money jenis_kontrak:str informasi_lainnya:str " +
			"status_kontrak:str tgl_penetapan_status_kontrak:str alasan_penetapan_status_kontrak:str " +
			"apakah_addendum:str versi_addendum:int alasan_addendum:str"},
	{"SPSE-TenderEkontrak-3SPMKSPP",
		"tahun_anggaran:int kd_klpd:id nama_klpd:str jenis_klpd:str kd_satker:id kd_satker_str:id " +
			"nama_satker:str alamat_satker:str kd_lpse:id kd_tender:id! nama_paket:str no_sppbj:id " +
			"no_kontrak:id no_spmk_spp:id tgl_spmk_spp:date tgl_mulai_pekerjaan:date " +
			"tgl_selesai_pekerjaan:date waktu_penyelesaian:str kota_spmk_spp:str alamat_pengiriman:str " +
			"nama_ppk:str nip_ppk:id jabatan_ppk:str nama_penyedia:str alamat_penyedia:str " +
			"npwp_penyedia:id npwp_penyedia_16:id wakil_sah_penyedia:str jabatan_wakil_penyedia:str " +
			"_event_date:date"},
	{"SPSE-TenderEkontrak-4BAPBAST",
		"tahun_anggaran:int kd_klpd:id nama_klpd:str jenis_klpd:str kd_satker:id kd_satker_str:id " +
			"nama_satker:str alamat_satker:str kd_lpse:id kd_tender:id! nama_paket:str " +
			"mtd_pengadaan:str lingkup_pekerjaan:str no_sppbj:id no_kontrak:id tgl_kontrak:date " +
			"nilai_kontrak:money nip_ppk:id nama_ppk:str jabatan_ppk:str no_sk_ppk:id " +
			"jabatan_penandatangan_sk:str nama_penyedia:str alamat_penyedia:str npwp_penyedia:id " +
			"npwp_16_penyedia:id wakil_sah_penyedia:str jabatan_wakil_penyedia:str no_bast:id " +
			"tgl_bast:date no_bap:id tgl_bap:date besar_pembayaran:money progres_pekerjaan:num " +
			"cara_pembayaran_kontrak:str status_kontrak:str tgl_penetapan_status_kontrak:ts " +
			"alasan_penetapan_status_kontrak:str apakah_addendum:str versi_addendum:int " +
			"alasan_addendum:str _event_date:date _inserted_date:ts"},
	{"SPSE-TenderPengumuman",
		"tahun_anggaran:int list_tahun_anggaran:str kd_klpd:id nama_klpd:str jenis_klpd:str " +
			"kd_satker:id kd_satker_str:id nama_satker:str kd_lpse:id nama_lpse:str kd_tender:id! " +
			"kd_pkt_dce:id kd_rup:id nama_paket:str pagu:money hps:money sumber_dana:str " +
			"kualifikasi_paket:str jenis_pengadaan:str mtd_pemilihan:str mtd_evaluasi:str " +
			"mtd_kualifikasi:str kontrak_pembayaran:str status_tender:str tanggal_status:date " +
			"versi_tender:int ket_ditutup:str ket_diulang:str tgl_buat_paket:ts " +
			"tgl_kolektif_kolegial:ts tgl_pengumuman_tender:ts nip_ppk:id nama_ppk:str nip_pokja:id " +
			"nama_pokja:str lokasi_pekerjaan:str url_lpse:str _event_date:date"},
	{"SPSE-TenderSelesai",
		"tahun_anggaran:int kd_klpd:id nama_klpd:str jenis_klpd:str kd_satker:id kd_satker_str:id " +
			"nama_satker:str kd_lpse:id nama_lpse:str kd_tender:id! kd_pkt_dce:id kd_rup:id " +
			"nama_paket:str pagu:money hps:money sumber_dana:str mak:id kualifikasi_paket:str " +
			"jenis_pengadaan:str mtd_pemilihan:str mtd_evaluasi:str mtd_kualifikasi:str " +
			"kontrak_pembayaran:str status_tender:str tgl_pengumuman_tender:ts " +
			"tgl_penetapan_pemenang:ts url_lpse:str"},
	{"SPSE-TenderSelesaiNilai",
		"tahun_anggaran:int kd_klpd:id nama_klpd:str jenis_klpd:str kd_satker:id nama_satker:str " +
			"kd_lpse:id kd_tender:id! kd_paket:id kd_rup_paket:id pagu:money hps:money " +
			"nilai_penawaran:money nilai_terkoreksi:money nilai_negosiasi:money nilai_kontrak:money " +
			"tgl_pengumuman_tender:date tgl_penetapan_pemenang:date kd_penyedia:id nama_penyedia:str " +
			"npwp_penyedia:id npwp_16_penyedia:id nilai_pdn_kontrak:money nilai_umk_kontrak:money " +
			"_event_date:date"},
}
