"""What the words of a reply or a label are about: a sense for each idea an option may stand
for, with the many ways learners say it. Data, not logic.

A label is read through the same lexicon as a reply ("Về menu" is about @menu, and so is
"ra ngoài", "trang chủ", "cho bác nghỉ"), so a new wording of a standard option, or a topic's
everyday word ("shipper" for "người giao hàng", "khám bệnh" for "Y tế số"), is understood on
every screen that shows an option about that idea, with no phrase written for that screen.
Phrases are folded as `content.textnorm.normalize` writes them; a phrase may stand for more
than one sense ("nghỉ" is @menu on a card and @later on a reminder): a screen that shows two
options about what was said is asked about, never guessed.
"""

from __future__ import annotations

from types import MappingProxyType

_SENSES = MappingProxyType(
    {
        # --- the standard options every screen has ----------------------------------------
        "menu": "menu | ve menu | man hinh dau | trang ngoai | quay ve menu | tro ve menu | quay lai menu | ra menu | "
        "menu chinh | trang chu | trang chinh | man hinh chinh | trang dau | ve trang dau | ve dau | "
        "quay ve dau | tro ve dau | "
        "ve lai dau | luc dau | ve cho chinh | cho chinh | "
        "ra ngoai | thoat | thoat ra | nghi | cho nghi | nghi thoi | nghi da | nghi ngoi | "
        "dung hoc | thoi hoc | ngung hoc | ve cho cu | ve muc chinh | chan roi | chan qua | chan lam | chan hoc",
        "back": "vua nay | trang vua nay | cai vua nay | doan tren | phan tren | doc lai doan tren | quay lai | "
        "lui | lui lai | lui ve | quay lui | tro lai | truoc | cai truoc | trang truoc | "
        "phan truoc | buoc truoc | doan truoc | vua roi | cai vua roi | vua xong | cai vua xong | xem lai | "
        "doc lai cai truoc | lui mot buoc | lui buoc | quay ve",
        "next": "tiep | tiep theo | tiep tuc | sang | sang trang | phan sau | trang sau | cai sau | buoc sau | "
        "doan sau | qua trang | di tiep | lam tiep | xem tiep | doc tiep | ke tiep | cai tiep | chuyen sang | "
        "phan tiep | trang tiep | sang phan | cai ke | next | di nua | doc nua | xem nua | tiep tuc hoc | "
        "hoc tiep tuc",
        "simpler": "nhieu chu | chu nhieu | dai qua | khong doc duoc | khong doc noi | doc khong noi | "
        "noi lai de hieu hon | de hieu hon | de hieu | kho hieu | khong hieu | chua hieu | giai thich | "
        "giang | giang lai | noi ro | ro hon | ro rang hon | ky hon | ki hon | cu the hon | noi cham | don gian | "
        "de nghe | nom na | noi kho | kho qua | kho | khong ro | chua ro | khong hieu gi | chua hieu gi | "
        "noi kieu khac | cach khac | mo ho | noi lai | kho nghe | rac roi | chang hieu | chang hieu gi | chua thong | "
        "khong thong | khong hieu mo te | chang hieu mo te | "
        "noi ngan | noi ngan thoi | noi ngan gon | ngan gon | doc khong vao | doc khong hieu | doc chang hieu | "
        "doc chua hieu | doc ma khong hieu | doc ma chang hieu | doc ma chua hieu | doc khong kip | khong doc kip",
        "later": "de sau | sau | luc khac | hom khac | bua khac | khi khac | de mai | mai | ngay mai | lat | lat nua | "
        "ti nua | ti | chut nua | toi nay | de toi | chieu | chieu nay | ban | dang ban | ban viec | ban qua | "
        "chua ranh | khong ranh | de hom khac | doi chut | cho chut | khoan | khoan da | hoan",
        "now": "ngay | ngay bay gio | bay gio | luon | lien | hoc luon | hoc ngay | hoc lien | lam ngay",
        "continue": "hoc tiep | hoc nua | hoc tiep bai | dang do | do dang | bai dang do | hoc cho xong | "
        "bai dang hoc | hoc cho het | hoc tiep di | hoc do | dang hoc do | hoc con do | con do | chua xong | "
        "hoc chua xong | chua hoc xong | bai chua xong | bai cu chua xong | chua hoc het | bai hoc do | bai moi | "
        "hoc noi | hoc noi bai | hoc not | hoc not bai | tiep tuc hoc | hoc tiep tuc",
        "topics": "chu de | chu de bai hoc | danh sach | danh muc | muc luc | cac bai | cac bai hoc | bai hoc | "
        "chon bai | nhung bai | cac chu de | xem bai | doi chu de | chu de khac | bai nao | bai moi | muc khac | "
        "hoc muc khac | hoc cai khac | hoc mon khac | mon khac | linh vuc khac",
        "review": "may cau | vai cau | on may cau | luyen lai | kiem tra lai | kien thuc | on kien thuc | on tap | "
        "on | on lai | on bai | on cau | luyen | luyen tap | bai cu | cau cu | da hoc | "
        "cai da hoc | nhung cai da hoc | hoc roi | on lai bai",
        "progress": "tien do | ket qua | diem | diem so | den dau | toi dau | bao nhieu bai | duoc bao nhieu | "
        "hoc duoc | thanh tich | qua trinh | da hoc duoc | xong may bai | may bai | duoc may bai | so bai",
        "settings": "chinh gio | doi gio | gio nhac | gio bao | cai dat | chinh sua | tuy chinh | thiet lap | "
        "thay doi | sua thong tin | doi thong tin | "
        "thong tin ca nhan | doi ten | doi ten goi | sua ten | doi cach xung ho | doi xung ho",
        "help": "tro giup | giup | giup do | huong dan | nguoi giup | can giup | chi cach | chi dan | ho tro | "
        "khong biet lam | khong biet dung | cach dung | cach su dung | nho nguoi | hoi nguoi | "
        "chi cho | chi giup | chi dum | chi voi | chi bao | da huong dan | huong dan truc tiep",
        "stop_remind": "tat nhac | tat nhac hoc | dung nhac | khong nhac | khong can nhac | thoi nhac | bo nhac | "
        "khoi nhac | dung nhac nua | khong nhac nua | dung bao | khong can bao | tat bao | thoi khoi nhac | "
        "khong phai nhac | dung nhac nho | tu nho | tu nho duoc | tu nho lay",
        "remind": "nhac | nhac nho | nhac hoc | goi nhac | bao hoc | hoi tham",
        "retry": "lam lai | thu lai | thi lai | tra loi lai | lam lai cau hoi | kiem tra lai | lam bai lai | "
        "lam lai bai | lam lai lan nua | chon lai | thu lan nua",
        "reread": "doc lai | doc lai bai | hoc lai | xem lai | xem lai bai | xem lai bai hoc | xem lai noi dung | "
        "doc lai tu dau | hoc lai bai | doc bai lai | chua thuoc | chua thuoc bai | chua nho bai",
        "next_lesson": "bai tiep theo | bai tiep | bai sau | bai ke | bai ke tiep | bai moi | sang bai | "
        "qua bai | bai khac | hoc bai khac | bai tiep nua",
        "skip": "bo qua | khong can | khoi | thoi khoi | khong muon | khong muon noi | khong noi | khong khai | "
        "khoi can | de trong | khong can ten | khong muon khai | khong co ten | khong noi tuoi | khong khai tuoi | "
        "tuoi thi khong noi | tuoi thi khong khai | tuoi thi thoi | tuoi thi bo qua",
        "delete": "xoa | xoa het | xoa sach | xoa di | xoa du lieu | xoa thong tin | xoa tat ca | huy du lieu | "
        "bo het | xoa het thong tin",
        "keep": "khong xoa | dung xoa | giu | giu lai | de lai | de nguyen | giu nguyen | o lai | van o | khong roi | "
        "khong ra | thoi de do | de do | de day | khong roi nhom | o trong nhom",
        "leave": "roi nhom | roi khoi | roi khoi nhom | thoat ra | thoat | ra khoi | ra khoi nhom | thoat nhom | "
        "thoat khoi | bo nhom | ra nhom | khong o nua | khong tham gia nua",
        "join": "vao nhom | vao | tham gia | cho vao | gia nhap | vo nhom | vo | vao luon",
        "new_group": "tao nhom | lap nhom | nhom moi | mo nhom | them nhom | tao nhom moi | lap nhom moi | "
        "lap them nhom | tao them nhom | lap mot nhom | tao mot nhom | lap them mot nhom | tao them mot nhom | "
        "them mot nhom",
        "invite": "moi them | them nguoi | them thanh vien | them ban | ru them | moi vao | ma moi | cho them | "
        "them vao | them vao nhom | cho vao nhom | vao nhom | dua vao nhom | keo vao nhom | ru vao nhom",
        "revoke": "thu hoi | huy ma | huy ma moi | thu hoi ma | bo ma | xoa ma | huy loi moi",
        "send_lesson": "gui bai | gui bai hoc | chia se bai | chuyen bai | day bai | gui cho",
        # the learner showed someone how, in person (an ambassador's "Ghi người đã hướng dẫn
        # trực tiếp"); "chỉ cho tôi" (show me) is a plea for help, "tôi chỉ cho" a deed
        "guided": "da huong dan | huong dan truc tiep | chi truc tiep | cam tay chi | toi chi cho | em chi cho | "
        "minh chi cho | e chi cho | e huong dan | toi da chi | em da chi | toi huong dan | em huong dan | "
        "minh huong dan | toi da huong dan | em da huong dan | nguoi da chi | da chi cho",
        "today": "hom nay | bua nay | ngay nay | sang nay | chieu nay | toi nay | ngay hom nay | trua nay | dem nay | "
        "chieu toi nay",
        "yesterday": "hom qua | bua qua | toi qua | ngay hom qua | sang qua | chieu qua | hom truoc | chieu toi qua | "
        "toi hom qua | chieu hom qua | sang hom qua | trua qua | trua hom qua | dem qua | dem hom qua",
        "elsewhere": "khac | noi khac | cho khac | xa khac | thon khac | phuong khac | ban khac | khong co trong nay | "
        "ngoai tinh | tinh khac | huyen khac | "
        "chuyen sang xa khac | chuyen ve xa khac | chuyen den xa khac | chuyen sang phuong khac | "
        "chuyen ve phuong khac | chuyen den phuong khac | chuyen nha sang xa khac | chuyen nha sang phuong khac | "
        "chuyen nha ve xa khac | chuyen nha ve phuong khac | chuyen nha den xa khac | don nha sang xa khac | "
        "don nha sang phuong khac | "
        "don sang xa khac | don sang phuong khac | don ve xa khac | don ve phuong khac",
        "search_again": "tim lai | go lai | nhap lai | viet lai | tim nua | tim tiep | kiem lai | tim cach khac | "
        # what is typed again is the place's name, not a place
        "go lai ten | nhap lai ten | viet lai ten | go lai ten xa | nhap lai ten xa | viet lai ten xa | "
        "tim lai ten xa | go lai ten phuong | nhap lai ten phuong | tim lai xa",
        "true": "dung roi | chuan | chinh xac | that",
        "false": "sai | sai roi | sai bet | trat | khong dung | khong phai | xao",
        "scam": "lua dao | la lua dao | lua | lua gat | bip | bip bom | gian | gian lan | "
        "khong that | lua day | la lua | lo bi lua | chieu lua | tro lua | meo lua | chieu lua dao | "
        "tro lua dao",
        "genuine": "khong phai lua dao | khong lua | khong phai lua | tin that | that ma | binh thuong | that day | "
        "that | khong sao | khong lua dao",
        # blocking the number ("chặn số đó luôn") is hanging up for good
        "hang_up": "tat may | cup may | dap may | ngat may | cup | tat di | khong nghe | block | block so | "
        "block so do | chan so | chan so do | chan so la | chan luon",
        "transfer": "chuyen tien | chuyen | gui tien | nop tien | chuyen khoan | dua tien",
        # --- what topics and lessons are about ----------------------------------------------
        "phone": "dien thoai | dt | smartphone | wifi | 4g | zalo | dien thoai va internet | "
        "ket noi wifi | ket noi mang | ket noi internet | ket noi 4g | bat wifi | vao wifi | vao mang",
        "online": "online | onl | tren mang | qua mang | truc tuyen | internet | mang",
        # what a farmer sells after "bán" ("bán chè trên mạng"), "ban" being more often "bận" alone;
        # none that "bận" goes on with ("ban ca", "bận cả ngày"; "ban buoi", "ban vai", "ban dua")
        "market": "ban rau | ban ga | ban trung | ban nong san | nong san | ban hang | buon ban | mua ban | "
        "ban online | cho so | shop | ban do | kinh doanh | ban buon | "
        "ban le | ban che | ban gao | ban hoa qua | ban trai cay | ban rau qua | ban ca phe | ban mat ong | "
        "ban lon | ban heo | ban vit | ban thit | ban hat dieu | ban xoai | ban do an | ban banh",
        "papers": "dich vu cong | giay to | thu tuc | ho so | khai sinh | lam giay | hanh chinh | nop ho so | "
        "cong dich vu | lam giay to",
        "identity": "vneid | can cuoc | cccd | dinh danh | danh tinh | cmnd | chung minh thu | can cuoc dien tu | "
        "dinh danh dien tu | the can cuoc",
        "payment": "thanh toan | chuyen tien | tra tien | ngan hang | vi dien tu | chuyen khoan | momo | tien dien | "
        "tien nuoc | thanh toan so",
        "health": "y te | y te so | kham benh | benh | benh vien | bac si | suc khoe | thuoc | kham | bhyt | "
        "bao hiem y te | so suc khoe | chua benh | so suc khoe dien tu | ho so suc khoe | ho so suc khoe dien tu",
        "ai": "tri tue nhan tao | chatbot | chat bot | chatgpt | chat gpt | tro ly ao | robot | hoc ai | "
        "binh dan hoc ai | may tinh tra loi",
        "movement": "phong trao | binh dan hoc vu so | hoc vu so",
        "safety": "an toan | bao mat | mat khau | khoa man hinh | an toan hang ngay",
        "work": "viec lam | lam viec | kiem tien | viec nhe | luong cao | nhiem vu | viec nhe luong cao | "
        "lam nhiem vu | tuyen dung | cong viec | kiem them",
        "loan": "vay | vay tien | vay no | cho vay | app vay | vay online | muon tien | vay qua | hoi vay | "
        "hoi vay tien | hoi muon tien | hoi muon",
        "delivery": "giao hang | shipper | ship | nguoi giao hang | buu dien | don hang | giao do",
        "insurance": "bao hiem | bao hiem xa hoi | bhxh | vssid | so bao hiem",
        "foreign": "nuoc ngoai | nguoi nuoc ngoai | nguoi tay | ong tay | ba tay | ngoai quoc | nguoi ngoai quoc",
        "gift": "qua tang | tang qua | nhan qua | qua bieu | hai quan | gui qua tang",
        "relative": "nguoi than | nguoi nha | con gai | con trai | bo me | anh em | ho hang | nguoi quen | hang xom | "
        "nha hang xom",
        # calling one's child or grandchild, in a call that says they are hurt: "cháu" is the child there
        "call_child": "goi cho con | goi con | goi dien cho con | goi ngay cho con | goi lai cho con | hoi con | "
        "goi cho chau | goi dien cho chau | goi ngay cho chau | goi lai cho chau | hoi chau | goi ve cho con | "
        "goi cho con chau | goi con chau | goi dien cho con chau | goi cho nguoi nha | goi nguoi nha",
        # the number that just called or texted, as the learner sees it: a stranger's
        "caller_number": "so la | so vua goi | so vua goi den | so goi den | so do | chinh so do | so kia | so ay | "
        "so vua nhan | so vua nhan tin | so nguoi ta goi | so cua ho | so la vua goi | so day",
        # telling a bank or an office: its hotline is the place itself ("gọi tổng đài ngân hàng")
        "report": "bao ngay | bao cho | goi bao | tong dai | goi tong dai | goi dien cho tong dai | lien he | "
        "lien lac | hotline | goi len tong dai",
        "recipient": "ten nguoi nhan | nguoi nhan | ten nguoi ta | ai nhan | ten chu tai khoan | chu tai khoan | "
        "ten tai khoan | nhan la ai",
        "amount": "so tien | tien bao nhieu | bao nhieu tien | may tien | so tien bao nhieu | tien may",
        "electricity": "dien luc | cat dien | cup dien | evn | tien dien",
        "new_year": "chuc tet | nam moi | chuc nam moi | tet nguyen dan | don tet | an tet",
        "notify": "thong bao | nhan thong bao | tin thong bao | tin bao | nhan tin bao | nhan tin",
        "school": "nha truong | hoc phi | hoc bong | giao vien | co giao | thay giao | truong hoc | truong | "
        "lop | len lop | chu nhiem | co chu nhiem | thay chu nhiem | thay co chu nhiem | co giao chu nhiem | "
        "giao vien chu nhiem | hoi co giao | hoi thay giao | hoi giao vien | hoi nha truong | hoi truong | hoi lop | "
        "hoi co chu nhiem | hoi thay co",
        "police": "cong an | canh sat | can bo | cong an gia",
        "tax": "thue | co quan thue | hoan thue | etax",
        "emergency": "cap cuu | tai nan | nhap vien",
        "new_phone": "mat may | mat dien thoai | doi may | may moi | dien thoai moi | doi dien thoai | hong may",
        "wallet": "vi giay to | them giay to",
        "wrong_transfer": "chuyen nham | chuyen sai | nham tien | nham so | sai so tai khoan | chuyen lon | "
        "chuyen lam | gui nham | gui sai",
        "app": "ung dung | app | phan mem | ung dung la",
        "app_store": "app store | appstore | ch play | chplay | google play | play store | kho ung dung | "
        "cua hang ung dung | cho ung dung | kho app | kho ung dung cua may | kho ung dung cua dien thoai",
        "qr": "qr | ma qr | vietqr | quet ma",
        "face": "xac thuc khuon mat | xac minh khuon mat | nhan dien khuon mat | quet mat | khuon mat | sinh trac | "
        "sinh trac hoc | nhan dien",
        "otp": "otp | ma otp | ma xac thuc | ma xac nhan | ma ngan hang | ma so ngan hang | ma gui ve dien thoai | "
        "ma nhan ve dien thoai | ma so gui ve | ma so nhan ve | ma gui ve | ma nhan ve",
        "investment": "dau tu | lai cao | lay lai tien | sinh loi",
        # after a scam: the money the learner wants back ("Lỡ bị lừa: những phút đầu")
        "scammed": "lo bi lua | lay lai tien | doi lai tien | thu hoi tien | lay lai duoc tien | lay lai tien bi lua",
        "new_scam": "lua moi | tro lua moi | chieu lua moi | kieu moi | lua moi nhat | lua dao moi nhat | "
        "chieu lua moi nhat | tro lua moi nhat",
        # what is new, said as "nowadays" ("mấy chiêu lừa bây giờ", "lừa đảo hiện nay"): the new kind
        "recent": "kieu moi | moi nhat | bay gio | bay h | hien nay | hien gio | hien tai | dao nay | gan day | "
        "thoi nay | moi xuat hien | moi noi | dang noi",
        # giving a caller everything, or the code ("không bao giờ đưa mã cho ai": not giving it)
        "give_all": "dua het | dua ca | dua ca hai | dua tat ca | dua het cho | dua luon ca hai | cho het",
        "hand_over": "dua ma | doc ma | dua otp | doc otp | doc ma otp | dua ma otp",
        # doing it at once without looking: "cứ bấm cho nhanh", "chuyển ngay kẻo muộn"
        "hurry": "cho nhanh | cho le | bam luon | bam lien | bam ngay | keo muon | chuyen luon | chuyen lien | "
        "xem lam gi | can gi xem | khoi xem | khong can xem",
        # how the tutor addresses the learner, on the settings screen
        "address_form": "xung ho | cach xung ho | goi toi la | goi minh la | goi toi bang | goi bang | cach goi | "
        "doi cach goi | dung goi | dung goi toi la | dung goi toi",
        "birthday": "ngay sinh | sinh nhat | nam sinh | ngay thang nam sinh | ngay thang sinh",
        "agree": "dong y | ung | chiu | cho luu | luu di | luu lai | dong y luu | luu | cu luu | cu luu di | cho ghi | "
        "ghi di | cu ghi | cu ghi di | ghi lai di | luu thong tin | cho luu thong tin",
        "refuse": "chua muon | khong muon | chua muon vao | khong vao | khong dong y | khong luu | khong muon luu | "
        "khong muon de lai | dung luu | khong cho luu | khong cho ghi | khong chiu | khong ung | thoi khong | "
        "khong muon cho luu | khong muon cho ghi | khong cho luu thong tin",
        "young": "con tre | tre | thanh nien | duoi 30 | tre tuoi | sinh vien | hoc sinh | tuoi tre",
        "middle": "trung nien | tu 30 den 59 | 30 59 | tuoi trung nien",
        "old": "gia roi | gia lam roi | nguoi gia | cao tuoi | ve huu | nghi huu | tren 60 | lon tuoi | "
        "nguoi cao tuoi | "
        "tuoi gia | tu 60 tuoi tro len",
        "place": "xa | phuong | cho o | noi o | dia chi | que | thon | xom | lang | xa phuong | noi song | nha o | "
        # moving house is changing where one lives
        "chuyen nha | don nha | chuyen cho o | doi cho o | chuyen noi o | chuyen xa | chuyen phuong | "
        "chuyen sang xa khac | chuyen ve xa khac | chuyen den xa khac | chuyen sang phuong khac | "
        "chuyen ve phuong khac | chuyen den phuong khac | chuyen ve que | don ve que | chuyen nha sang xa khac | "
        "chuyen nha sang phuong khac | chuyen nha ve xa khac | chuyen nha ve phuong khac | chuyen nha den xa khac | "
        "don nha sang xa khac | don nha sang phuong khac | "
        "don sang xa khac | don sang phuong khac | don ve xa khac | don ve phuong khac",
        "morning": "buoi sang | ban sang | gio sang | sang som | luc sang",
        "noon": "buoi trua | ban trua | gio trua | trua | nghi trua | luc trua",
        "evening": "buoi toi | ban toi | gio toi | luc toi | chieu toi",
        "cancel": "huy | huy bo | thoi bo | bo di | thoi khong ghi | khong ghi | khong ghi nua | "
        "thoi khong ghi nua | thoi khoi",
        "wait": "cu doi | cho doi | doi tien ve | cho tien ve | cu cho | ngoi cho | ngoi doi | cu cho doi | "
        # leaving it a few days for the money to come back by itself
        "de day | de do | tu ve | tu no ve | tu quay ve | tu tra ve | vai hom | vai ngay",
        # words that only round a reply off
        # and words of one thing that say nothing apart: "khoản" of "tài khoản" is no "khoan" (wait),
        # "liệu" of "dữ liệu" (data) no "liệu" (whether), which asks,
        # "trước khi" (before doing) no "trước" (the previous one), "sau khi" no "sau" (later)
        "": "ok roi | duoc roi | vang a | chac chan | that su | ro rang | cho chac | hoi cho chac | gia danh | "
        "mao danh | gia lam | gia mao | truoc khi | sau khi | du lieu | "
        "tai khoan | nick | nick facebook | nick zalo | tai khoan facebook | tai khoan zalo | "
        # "never" turns what follows around as "không" does, and says no more
        "khong bao gio | chang bao gio | chua bao gio | "
        # where a web address's letters stand: "cái đuôi co", "có chữ top ở cuối"
        "duoi | o cuoi | co chu | "
        # understood, done with, the learner's details: the reply's point is elsewhere ("hiểu rồi, đi
        # nữa đi", "đưa hết cho nó xong việc", "không muốn cho lưu thông tin gì")
        "hieu roi | da hieu | hieu duoc roi | gio thi hieu roi | xong viec | cho xong viec | la xong viec | "
        "thong tin",
    }
)

# Words that fold alike but mean other things: typed with marks, a phrase of one word is only
# this word with these marks ("vậy" is not "vay", "đừng" is not "đúng", "tôi" is not "tối", "mấy" is not "máy");
# a few phrases of two words too ("mã mới", a new code, is not "mã mời", an invite code).
MARKS = MappingProxyType(
    {
        "vay": frozenset({"vay"}),
        "ban": frozenset({"bận"}),
        "sang": frozenset({"sang"}),
        "nghi": frozenset({"nghỉ"}),
        "kho": frozenset({"khó"}),
        "lua": frozenset({"lừa"}),
        "on": frozenset({"ôn"}),
        "ngay": frozenset({"ngay"}),
        "cup": frozenset({"cúp"}),
        "khac": frozenset({"khác"}),
        "sau": frozenset({"sau"}),
        "mai": frozenset({"mai"}),
        "vao": frozenset({"vào"}),
        "vo": frozenset({"vô"}),
        "thue": frozenset({"thuế"}),
        "giup": frozenset({"giúp"}),
        "toi": frozenset({"tối"}),
        "dung": frozenset({"đúng", "đừng"}),
        "lat": frozenset({"lát"}),
        "lop": frozenset({"lớp"}),
        "so la": frozenset({"số lạ"}),  # not "số là" (the number is)
        "so do": frozenset({"số đó"}),  # not "sơ đồ"
        "bao ngay": frozenset({"báo ngay"}),  # not "bao ngày" (how many days)
        "bao cho": frozenset({"báo cho"}),
        "ai nhan": frozenset({"ai nhận"}),  # not "ai nhắn" (who texted)
        "hoi con": frozenset({"hỏi con"}),
        "hoi chau": frozenset({"hỏi cháu"}),
        "ti": frozenset({"tí"}),
        "roi": frozenset({"rời"}),
        "giu": frozenset({"giữ"}),
        "mang": frozenset({"mạng"}),
        "luon": frozenset({"luôn"}),
        "lien": frozenset({"liền"}),
        "truoc": frozenset({"trước"}),
        "lui": frozenset({"lùi"}),
        "sai": frozenset({"sai"}),
        "that": frozenset({"thật"}),
        "chuan": frozenset({"chuẩn"}),
        "gian": frozenset({"gian"}),
        "benh": frozenset({"bệnh"}),
        "kham": frozenset({"khám"}),
        "thuoc": frozenset({"thuốc"}),
        "truong": frozenset({"trường"}),
        "khoi": frozenset({"khỏi"}),
        "nhac": frozenset({"nhắc"}),
        "xoa": frozenset({"xóa", "xoá"}),
        "tiep": frozenset({"tiếp"}),
        "giang": frozenset({"giảng"}),
        "khoan": frozenset({"khoan"}),
        "chieu": frozenset({"chiều"}),
        "do": frozenset({"dở"}),
        "cho": frozenset({"chợ", "chỗ", "chờ"}),
        "gia": frozenset({"già"}),
        "tre": frozenset({"trẻ"}),
        "xa": frozenset({"xã"}),
        "que": frozenset({"quê"}),
        "luu": frozenset({"lưu"}),
        "ma moi": frozenset({"mã mời"}),
        "chan roi": frozenset({"chán rồi"}),  # not "chặn rồi" (blocked), "chăn", "chân"
        "chan qua": frozenset({"chán quá"}),
        "nhan tin": frozenset({"nhận tin"}),  # not "nhắn tin" (to text someone)
        "chan lam": frozenset({"chán lắm"}),
        "chan hoc": frozenset({"chán học"}),
        "tu nho": frozenset({"tự nhớ"}),  # not "từ nhỏ" (since childhood)
        "tu nho duoc": frozenset({"tự nhớ được"}),
        "tu nho lay": frozenset({"tự nhớ lấy"}),
        "cu cho": frozenset({"cứ chờ"}),  # not "cứ cho" (just let)
        "ngoi cho": frozenset({"ngồi chờ"}),
        "chi cho": frozenset({"chỉ cho"}),  # show me; not "chị cho" (you let me), "chi cho" (spend on)
        "chi giup": frozenset({"chỉ giúp"}),
        "chi dum": frozenset({"chỉ dùm", "chỉ dum"}),
        "chi voi": frozenset({"chỉ với"}),
        "chi bao": frozenset({"chỉ bảo"}),
        "duoi": frozenset({"đuôi"}),  # not "dưới" (below)
        "chan luon": frozenset({"chặn luôn"}),
        "bay h": frozenset({"bây h"}),  # now: not "bảy h" (seven o'clock)
        "dao nay": frozenset({"dạo này"}),  # blocked: not "chán luôn" (bored)
        "doc ma": frozenset({"đọc mã"}),  # not "đọc mà" (read, yet …)
        "dua ma": frozenset({"đưa mã"}),
    }
)


# A word that stands for a sense only with these marks, whatever it means without them:
# "tối" is the evening, "toi" more often "tôi" (I); "sáng" the morning, "sang" to go on;
# "mấy" (a few: "mấy trò lừa mới") says nothing apart, "may" more often "máy" (the phone).
MARKED_SENSES = MappingProxyType({("toi", "tối"): "evening", ("sang", "sáng"): "morning", ("may", "mấy"): ""})


def _phrases() -> MappingProxyType[tuple[str, ...], tuple[str, ...]]:
    found: dict[tuple[str, ...], list[str]] = {}
    for sense, lines in _SENSES.items():
        for phrase in lines.split("|"):
            found.setdefault(tuple(phrase.split()), []).append(sense)
    return MappingProxyType({phrase: tuple(senses) for phrase, senses in found.items()})


# folded phrase (as words) -> the senses it may stand for
PHRASES = _phrases()
LONGEST_PHRASE = max(len(phrase) for phrase in PHRASES)
# every word a phrase holds, for reading a slip ("huong dna")
LEXICON_WORDS = tuple(sorted({word for phrase in PHRASES for word in phrase}))
LEXICON_SET = frozenset(LEXICON_WORDS)


def _parts() -> MappingProxyType[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for phrase, senses in PHRASES.items():
        for word in phrase if len(phrase) > 1 else ():
            found.setdefault(word, set()).update(senses)
    return MappingProxyType({word: frozenset(senses) for word, senses in found.items()})


# a word -> the senses of the phrases of two words or more it is part of ("quet": "quet ma" is
# @qr, "quet mat" @face): alone, it may be half of any of them
PART_SENSES = _parts()
